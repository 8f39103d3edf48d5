using System.Globalization;
using GapLab.Analysis;
using GapLab.Data;
using GapLab.Metrics.Complexity;
using GapLab.Models;
using GapLab.Weights;

namespace GapLab.Suites;

/// <summary>
/// Turns a suite's store (runs.csv with saved final and initial weights) into a <see cref="PopulationRun"/> list: every
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

    public static (IReadOnlyList<PopulationRun> Population, IReadOnlyList<MeasuredRun> Values) Measure(
        string storeDir, MeasureOptions options, string? dataset = null, string? dataDir = null,
        IProgress<(int Done, int Total, string RunId)>? progress = null, CancellationToken ct = default)
    {
        var runsCsv = Path.Combine(storeDir, "runs.csv");
        if (!File.Exists(runsCsv)) throw new FileNotFoundException($"No runs.csv in '{storeDir}': run 'gaplab run --out {storeDir}' first.", runsCsv);
        return Measure(CsvTable.Read(runsCsv), runsCsv, options, dataset, dataDir, progress, ct);
    }

    /// <summary>
    /// The same from a runs table already in memory (the columns of runs.csv, e.g. a runs DataFrame written with
    /// <see cref="RecordFrame.ToCsv(Microsoft.Data.Analysis.DataFrame, TextWriter)"/> and parsed back); <paramref name="runsCsv"/> names it in messages.
    /// </summary>
    public static (IReadOnlyList<PopulationRun> Population, IReadOnlyList<MeasuredRun> Values) Measure(
        CsvTable table, string runsCsv, MeasureOptions options, string? dataset = null, string? dataDir = null,
        IProgress<(int Done, int Total, string RunId)>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        int cId = table.Column("run_id"), cModel = table.Column("model"), cSeed = table.Column("seed"), cGap = table.Column("acc_gap"),
            cWeights = table.Column("weights_file"), cInit = table.Column("init_weights_file"),
            cTrain = table.Column("train_size"), cTest = table.Column("test_size"), cGrid = table.Column("grid_values"), cData = table.Column("dataset");
        var rows = RunSelection.Completed(table).Completed.ToArray();
        if (rows.Length == 0) throw new InvalidDataException($"{runsCsv}: no completed runs to measure.");
        var missing = rows.FirstOrDefault(r => string.IsNullOrEmpty(r[cWeights]) || !File.Exists(r[cWeights]));
        if (missing is not null)
            throw new FileNotFoundException($"{runsCsv}: run '{missing[cId]}' has no weights file ('{missing[cWeights]}'); rerun the suite without --no-weights.");
        string baseName = dataset ?? BaseDatasetName(rows[0][cData]);
        var split = DatasetCatalog.Load(baseName, dataDir);

        var families = rows.Select(r => ModelSpec.Parse(r[cModel]).Name).Distinct().Order(StringComparer.Ordinal).ToList();
        var population = new List<PopulationRun>();
        var values = new List<MeasuredRun>();
        for (int i = 0; i < rows.Length; i++)
        {
            ct.ThrowIfCancellationRequested();
            var r = rows[i];
            progress?.Report((i, rows.Length, r[cId]));
            int seed = int.Parse(r[cSeed], CultureInfo.InvariantCulture);
            int n = int.Parse(r[cTrain], CultureInfo.InvariantCulture);
            var train = n < split.Train.Count ? Subsample.Stratified(split.Train, n, seed) : split.Train;
            using var model = ModelWeights.LoadModel(r[cWeights], InputShape.Of(train));
            Dictionary<string, TorchSharp.torch.Tensor>? init = null;
            if (!string.IsNullOrEmpty(r[cInit]) && File.Exists(r[cInit])) init = Safetensors.Load(r[cInit]).Tensors;
            try
            {
                var measures = ComplexityMeasures.Compute(model.Module, init, train, options with { Seed = seed }, null, ct);
                var member = Member(r, table, families, measures.ToDictionary(m => m.Name, m => m.Value), measures.Where(m => m.AtBound).Select(m => m.Name));
                population.Add(member);
                values.AddRange(measures.Select(m => new MeasuredRun(r[cId], r[cModel], seed, member.Gap, m.Name, m.Value, m.RawValue, m.Notes, m.AtBound)));
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
    /// The population of a store from its runs.csv and a measures.csv written by <c>gaplab correlate</c> (columns run_id, measure, value
    /// and, when present, at_bound), without loading any weights: the committed raw data of a table regenerate it exactly.
    /// Every completed run must have a value for every measure that any run has.
    /// </summary>
    public static IReadOnlyList<PopulationRun> FromMeasures(CsvTable runs, CsvTable measures, string source = "measures.csv")
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(measures);
        int mId = measures.Column("run_id"), mName = measures.Column("measure"), mValue = measures.Column("value");
        int mBound = measures.Header.ToList().IndexOf("at_bound");
        var byRun = measures.Rows.GroupBy(r => r[mId]).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var rows = RunSelection.Completed(runs).Completed.ToArray();
        if (rows.Length == 0) throw new InvalidDataException("runs.csv: no completed runs.");
        int cId = runs.Column("run_id"), cModel = runs.Column("model");
        var families = rows.Select(r => ModelSpec.Parse(r[cModel]).Name).Distinct().Order(StringComparer.Ordinal).ToList();
        var names = measures.Rows.Select(r => r[mName]).Distinct().ToHashSet(StringComparer.Ordinal);
        var population = new List<PopulationRun>();
        foreach (var r in rows)
        {
            if (!byRun.TryGetValue(r[cId], out var own))
                throw new InvalidDataException($"{source}: no measures for run '{r[cId]}' of runs.csv; rerun gaplab correlate on the store.");
            var values = own.ToDictionary(m => m[mName], m => double.Parse(m[mValue], NumberStyles.Float, CultureInfo.InvariantCulture), StringComparer.Ordinal);
            if (names.FirstOrDefault(n => !values.ContainsKey(n)) is { } lacking)
                throw new InvalidDataException($"{source}: run '{r[cId]}' has no value for {lacking}.");
            population.Add(Member(r, runs, families, values, own.Where(m => mBound >= 0 && m[mBound] == "true").Select(m => m[mName])));
        }
        return population;
    }

    /// <summary>One population member from its runs.csv row: hyperparameters (plus the family axis of a mixed population), gap, test size.</summary>
    static PopulationRun Member(string[] r, CsvTable table, List<string> families, IReadOnlyDictionary<string, double> measures, IEnumerable<string> bounds)
    {
        string model = r[table.Column("model")];
        var hyperparameters = new Dictionary<string, double>(Hyperparameters(model, r[table.Column("grid_values")]), StringComparer.Ordinal);
        if (families.Count > 1) hyperparameters[FamilyAxis] = families.IndexOf(ModelSpec.Parse(model).Name);
        return new PopulationRun(r[table.Column("run_id")], hyperparameters, double.Parse(r[table.Column("acc_gap")], CultureInfo.InvariantCulture), measures,
            int.Parse(r[table.Column("test_size")], CultureInfo.InvariantCulture)) { BoundMeasures = bounds.ToHashSet(StringComparer.Ordinal) };
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
