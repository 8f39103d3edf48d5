using GapLab.Analysis;
using GapLab.IO;
using GapLab.Metrics.Complexity;
using GapLab.Runtime;
using GapLab.Store;
using GapLab.Suites;

namespace GapLab.Jobs;

/// <summary>The inputs of one correlate: the measure selection, the bootstrap, the base data and where the measures come from.</summary>
public sealed record CorrelateRequest(string Measures, int Resamples, int Seed, string? Dataset, string? DataDir, int Threads, bool FromMeasures);

/// <summary>
/// The correlate job (<c>gaplab correlate</c>, <c>#!gaplab correlate</c>): theory vs practice over a population of stored runs. Parameters
/// declared once (<see cref="Parameters"/>); <see cref="Request"/> checks them; <see cref="Population"/> measures the runs (or reads an
/// earlier measures.csv) and <see cref="TheoryVsPractice.Correlate"/> ranks the measures, for both front ends.
/// </summary>
public static class CorrelateJob
{
    /// <summary>The file of the per-run measure values an earlier correlate wrote into the runs folder (what --from-measures reads).</summary>
    public const string MeasuresFile = "measures.csv";

    public static IReadOnlyList<JobParameter> Parameters { get; } =
    [
        JobParameter.Text("--runs", "A suite store folder (gaplab.duckdb, runs with weights), as written by gaplab run --out DIR; in a notebook also a " +
            "runs DataFrame variable (from #!gaplab run, weights saved).", required: true),
        new JobParameter("--measures", "cheap (weight/forward-pass measures), all, or comma-separated names from the catalogue.", Default: "cheap")
            { Suggestions = MeasureJob.Selections },
        JobParameter.Text("--dataset", "Base dataset of the runs (default: read from the result store)."),
        JobParameter.Text("--data", "Dataset folder (full Fashion-MNIST, MNIST, CIFAR) when the runs were trained on one."),
        JobParameter.Integer("--resamples", "Bootstrap resamples for the tau interval.", 1000, 0, 1_000_000),
        JobParameters.Seed with { Help = "Seed of the bootstrap and the measures' searches." },
        JobParameters.Threads,
        JobParameter.Flag("--from-measures", $"Recompute the correlation table from the stored runs and the {MeasuresFile} an earlier correlate wrote into the " +
            "--runs folder, without weights (regenerates a committed table from its raw data; --measures is ignored)."),
        JobParameter.Text("--measure", "Measure of the scatter plot (default: the best-ranked).")
            .OnlyInNotebook("the CLI prints the table and draws no chart") with { Suggestions = () => MeasureCatalog.Names },
    ];

    /// <summary>The validated request (an unknown measure name fails here, before any work).</summary>
    public static CorrelateRequest Request(IJobArguments args)
    {
        string selection = MeasureJob.CheckSelection(args.Text("--measures")!);
        return new CorrelateRequest(selection, (int)args.Integer("--resamples")!.Value, (int)args.Integer("--seed")!.Value, args.Text("--dataset"), args.Text("--data"),
            (int)args.Integer("--threads")!.Value, args.Flag("--from-measures"));
    }

    /// <summary>
    /// The population to correlate: each completed run of <paramref name="runs"/> measured on its own training subset, or with --from-measures the
    /// values of <paramref name="folder"/>'s measures.csv (then <c>Values</c> is empty). <paramref name="source"/> names the runs in messages.
    /// </summary>
    public static (IReadOnlyList<PopulationRun> Population, IReadOnlyList<RunPopulation.MeasuredRun> Values) Population(IReadOnlyList<RunRecord> runs, string source,
        string? folder, CorrelateRequest request, IProgress<(int Done, int Total, string RunId)>? progress, CancellationToken ct)
    {
        if (request.FromMeasures)
        {
            if (folder is null) throw new ArgumentException($"--from-measures reads {MeasuresFile} from a runs folder; '{source}' is not one.");
            string csv = Path.Combine(folder, MeasuresFile);
            if (!File.Exists(csv)) throw new FileNotFoundException($"--from-measures: no {MeasuresFile} in '{folder}'; run correlate --runs {folder} first.", csv);
            return (RunPopulation.FromMeasures(runs, CsvTable.Read(csv), csv), []);
        }
        TorchEnvironment.Apply(new TorchSettings("cpu", request.Threads, request.Seed));
        return RunPopulation.Measure(runs, source, new MeasureOptions { Measures = request.Measures, Seed = request.Seed }, request.Dataset, request.DataDir, progress, ct);
    }
}
