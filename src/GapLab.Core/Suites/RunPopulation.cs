using System.Globalization;
using GapLab.Analysis;
using GapLab.Data;
using GapLab.Metrics.Complexity;
using GapLab.Models;
using GapLab.Weights;
using GapLab.IO;
using GapLab.Store;

namespace GapLab.Suites;

/// <summary>
/// Turns a suite's result store (typed runs with saved final and initial weights) into a <see cref="PopulationRun"/> list: every
/// completed run's complexity measures, computed on the run's own training subset (rebuilt from train_size and seed),
/// and its hyperparameters (numeric model-spec parameters plus the suite grid values; the seed is not an axis). A population of
/// several model families gets the categorical axis <see cref="FamilyAxis"/> (the family's index among the sorted family names;
/// only equal/different matters to Psi, CMI and the robust sign error) and the union of the families' parameters.
/// </summary>
public static class RunPopulation
{
    /// <summary>The name of the categorical model-family axis of a mixed population.</summary>
    public const string FamilyAxis = "model";

    /// <summary>One measured run, with the per-run measure values (also written to measures.csv by the CLI); <paramref name="AtBound"/>: see <see cref="MeasureValue.AtBound"/>.</summary>
    public sealed record MeasuredRun(string RunId, string Model, int Seed, double AccGap, string Measure, double Value, double RawValue, string Notes, bool AtBound = false);

    /// <summary>
    /// Measures the completed <paramref name="runs"/> (from <see cref="Store.ResultStore.Runs"/>, or a runs DataFrame read with
    /// <see cref="RecordReader"/>); <paramref name="source"/> names them in messages.
    /// </summary>
    public static (IReadOnlyList<PopulationRun> Population, IReadOnlyList<MeasuredRun> Values) Measure(
        IReadOnlyList<RunRecord> runs, string source, MeasureOptions options, string? dataset = null, string? dataDir = null,
        IProgress<(int Done, int Total, string RunId)>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(options);
        var rows = RunSelection.Completed(runs).Completed.ToArray();
        if (rows.Length == 0) throw new InvalidDataException($"{source}: no completed runs to measure.");
        var missing = rows.FirstOrDefault(r => string.IsNullOrEmpty(r.WeightsFile) || !File.Exists(r.WeightsFile));
        if (missing is not null)
            throw new FileNotFoundException($"{source}: run '{missing.RunId}' has no weights file ('{missing.WeightsFile}'); rerun the suite without --no-weights.");
        string baseName = dataset ?? BaseDatasetName(rows[0].Dataset);
        var split = DatasetCatalog.Load(baseName, dataDir);

        var families = Families(rows);
        var population = new List<PopulationRun>();
        var values = new List<MeasuredRun>();
        for (int i = 0; i < rows.Length; i++)
        {
            ct.ThrowIfCancellationRequested();
            var r = rows[i];
            progress?.Report((i, rows.Length, r.RunId));
            var train = r.TrainSize < split.Train.Count ? Subsample.Stratified(split.Train, r.TrainSize, r.Seed) : split.Train;
            using var model = ModelWeights.LoadModel(r.WeightsFile!, InputShape.Of(train));
            Dictionary<string, TorchSharp.torch.Tensor>? init = null;
            if (!string.IsNullOrEmpty(r.InitWeightsFile) && File.Exists(r.InitWeightsFile)) init = Safetensors.Load(r.InitWeightsFile).Tensors;
            try
            {
                var measures = ComplexityMeasures.Compute(model.Module, init, train, options with { Seed = r.Seed }, null, ct);
                var member = Member(r, families, measures.ToDictionary(m => m.Name, m => m.Value), measures.Where(m => m.AtBound).Select(m => m.Name));
                population.Add(member);
                values.AddRange(measures.Select(m => new MeasuredRun(r.RunId, r.Model, r.Seed, member.Gap, m.Name, m.Value, m.RawValue, m.Notes, m.AtBound)));
            }
            finally
            {
                if (init is not null) foreach (var t in init.Values) t.Dispose();
            }
        }
        progress?.Report((rows.Length, rows.Length, ""));
        return (population, values);
    }

    /// <summary>
    /// The population of the stored <paramref name="runs"/> and a measures.csv written by <c>gaplab correlate</c> (columns run_id, measure,
    /// value and, when present, at_bound), without loading any weights: the committed raw data of a table regenerate it exactly.
    /// Every completed run must have a value for every measure that any run has.
    /// </summary>
    public static IReadOnlyList<PopulationRun> FromMeasures(IReadOnlyList<RunRecord> runs, CsvTable measures, string source = "measures.csv")
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(measures);
        int mId = measures.Column("run_id"), mName = measures.Column("measure"), mValue = measures.Column("value");
        int mBound = measures.Header.ToList().IndexOf("at_bound");
        var byRun = measures.Rows.GroupBy(r => r[mId]).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var rows = RunSelection.Completed(runs).Completed.ToArray();
        if (rows.Length == 0) throw new InvalidDataException("the result store holds no completed runs.");
        var families = Families(rows);
        var names = measures.Rows.Select(r => r[mName]).Distinct().ToHashSet(StringComparer.Ordinal);
        var population = new List<PopulationRun>();
        foreach (var r in rows)
        {
            if (!byRun.TryGetValue(r.RunId, out var own))
                throw new InvalidDataException($"{source}: no measures for stored run '{r.RunId}'; rerun gaplab correlate on the store.");
            var values = own.ToDictionary(m => m[mName], m => double.Parse(m[mValue], NumberStyles.Float, CultureInfo.InvariantCulture), StringComparer.Ordinal);
            if (names.FirstOrDefault(n => !values.ContainsKey(n)) is { } lacking)
                throw new InvalidDataException($"{source}: run '{r.RunId}' has no value for {lacking}.");
            population.Add(Member(r, families, values, own.Where(m => mBound >= 0 && m[mBound] == "true").Select(m => m[mName])));
        }
        return population;
    }

    static List<string> Families(IEnumerable<RunRecord> runs) => runs.Select(r => ModelSpec.Parse(r.Model).Name).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>One population member from its run: hyperparameters (plus the family axis of a mixed population), gap, test size.</summary>
    static PopulationRun Member(RunRecord r, List<string> families, IReadOnlyDictionary<string, double> measures, IEnumerable<string> bounds)
    {
        var hyperparameters = new Dictionary<string, double>(Hyperparameters(r.Model, r.GridValues), StringComparer.Ordinal);
        if (families.Count > 1) hyperparameters[FamilyAxis] = families.IndexOf(ModelSpec.Parse(r.Model).Name);
        return new PopulationRun(r.RunId, hyperparameters, r.AccGap, measures, r.TestSize) { BoundMeasures = bounds.ToHashSet(StringComparer.Ordinal) };
    }

    /// <summary>"fashion-mnist-embedded[stratified n=2000,seed=0]" -> "fashion-mnist-embedded".</summary>
    public static string BaseDatasetName(string recorded)
    {
        int bracket = recorded.IndexOf('[');
        var name = bracket < 0 ? recorded : recorded[..bracket];
        int paren = name.IndexOf('(');
        return paren < 0 ? name : name[..paren];
    }

    /// <summary>Numeric model-spec parameters (prefixed by the model name) and grid values ("a=1;b=2").</summary>
    public static IReadOnlyDictionary<string, double> Hyperparameters(string modelSpec, string gridValues)
    {
        var h = new Dictionary<string, double>(StringComparer.Ordinal);
        var spec = ModelSpec.Parse(modelSpec);
        foreach (var (k, v) in spec.Parameters)
            if (TryNumber(v, out var d)) h[$"{spec.Name}.{k}"] = d;
        foreach (var part in gridValues.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = part.Split('=', 2);
            if (kv.Length == 2 && TryNumber(kv[1], out var d)) h[kv[0]] = d;
        }
        return h;
    }

    static bool TryNumber(string s, out double d)
    {
        if (s is "true" or "false") { d = s == "true" ? 1 : 0; return true; }
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out d);
    }
}
