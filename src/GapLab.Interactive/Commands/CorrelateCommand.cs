using GapLab.Analysis;
using GapLab.Interactive.Magic;
using GapLab.Jobs;
using GapLab.Metrics.Complexity;
using GapLab.Runtime;
using GapLab.Suites;
using Microsoft.Data.Analysis;
using GapLab.IO;
using GapLab.Store;

namespace GapLab.Interactive.Commands;

/// <summary>
/// <c>#!gaplab correlate --runs VAR|DIR [--measures cheap|all|NAMES] [--dataset NAME] [--data DIR] [--resamples N] [--seed N] [--threads N]
/// [--from-measures] [--measure NAME] --as NAME</c> (the parameters of <see cref="CorrelateJob"/>, as <c>gaplab correlate</c>, and the chart's --measure): theory vs
/// practice over a population of trained models. Every completed run (a runs DataFrame from <c>#!gaplab run</c> with saved weights, or a
/// suite store folder's result store) is measured on its own training subset (<see cref="RunPopulation.Measure(IReadOnlyList{RunRecord}, string, MeasureOptions, string?, string?, IProgress{ValueTuple{int, int, string}}?, CancellationToken)"/>),
/// then <see cref="TheoryVsPractice.Correlate"/> ranks the measures by Kendall tau-b with the accuracy gap. Shows the theory-vs-practice
/// scatter of the best (or <c>--measure</c>) measure and the tau bar chart; returns the correlation table as a DataFrame.
/// </summary>
public static class CorrelateCommand
{
    public static MagicCommandDescriptor Descriptor { get; } = new(
        "correlate",
        "Theory vs practice: measures every run of a population and ranks the measures by Kendall tau with the gap; returns the table.",
        [
            .. MagicParameterDescriptor.From(CorrelateJob.Parameters),
            MagicParameterDescriptor.As("the correlation table (DataFrame, one row per measure)"),
        ]);

    public static async Task<object?> HandleAsync(MagicArguments args, IMagicContext context)
    {
        var runs = args.GetRequiredString("--runs");
        var request = CorrelateJob.Request(args);
        var chosen = args.GetString("--measure");
        if (chosen is not null) chosen = MeasureCatalog.Get(chosen).Name;

        var (table, source, folder) = Runs(runs, context);
        TorchRuntime.EnsureLoaded();
        string title = $"correlate {source}";
        var display = new ThrottledDisplay(context, ProgressView.Starting(title));
        var progress = new ProgressSink<(int Done, int Total, string RunId)>(p =>
            display.Update(new ProgressView(title, "measuring", p.Total > 0 ? (double)p.Done / p.Total : 0, p.Done < p.Total ? $"[{p.Done + 1}/{p.Total}] {p.RunId}" : "")));
        var (population, _) = await Task.Run(() => CorrelateJob.Population(table, source, folder, request, progress, context.CancellationToken));
        var rows = TheoryVsPractice.Correlate(population, request.Resamples, request.Seed);
        display.Update(new ProgressView(title, "done", 1, $"{population.Count} models, {rows.Count} measures with a defined tau"), force: true);
        if (rows.Count == 0) throw new ArgumentException($"'{runs}': no measure varies across the {population.Count} models, so nothing can be ranked.");
        var row = chosen is null ? rows[0] : rows.FirstOrDefault(r => r.Measure == chosen)
            ?? throw new ArgumentException($"--measure '{chosen}' has no defined tau here (constant or not computed); measures in the table: {string.Join(", ", rows.Select(r => r.Measure))}.");
        context.Display(Charts.TheoryVsPractice(population, row));
        context.Display(Charts.CorrelationBars(rows));
        return RecordFrame.ToDataFrame(rows);
    }

    /// <summary>
    /// The runs of a DataFrame variable (read as RunRecords, no CSV round trip) or of DIR's result store, a name for messages, and the
    /// folder (null for a variable; --from-measures reads its measures.csv).
    /// </summary>
    static (IReadOnlyList<RunRecord> Runs, string Source, string? Folder) Runs(string runs, IMagicContext context)
    {
        if (MagicNames.IsIdentifier(runs) && context.TryGetVariable(runs, out var value) && value is not null)
        {
            if (value is not DataFrame frame) throw NotebookVariables.WrongType("--runs", runs, value, "a runs DataFrame (from #!gaplab run) or a suite store folder");
            return (RecordReader.Read<RunRecord>(frame, runs, PopulationColumns), runs, null);
        }
        var store = Directory.Exists(runs) ? LegacyRunsCsvImport.Open(runs, line => context.Display(line)) : null;
        if (store is not null) return (store.Runs(), store.FilePath, runs);
        throw new ArgumentException($"--runs '{runs}' is neither a DataFrame variable nor a folder with runs.csv (from #!gaplab run --out DIR).");
    }

    /// <summary>The columns of a runs DataFrame that a population needs.</summary>
    static readonly string[] PopulationColumns = ["run_id", "status", "model", "seed", "acc_gap", "weights_file", "init_weights_file", "train_size", "test_size", "grid_values", "dataset"];
}
