using GapLab.Analysis;
using GapLab.Interactive.Magic;
using GapLab.Runtime;
using GapLab.Suites;
using GapLab.IO;

namespace GapLab.Interactive.Commands;

/// <summary>
/// <c>#!gaplab run [--suite NAME|FILE] [--epochs N] [--out DIR] [--device D] [--seed N] [--threads N] [--fresh] [--no-weights] --as VAR</c>:
/// trains a suite (population of models) with <see cref="SuiteRunner"/>, showing live progress, and returns the runs as a
/// DataFrame (one row per run, columns as in runs.csv). Without --out the runs go to a new temporary folder; with --out,
/// runs already recorded there are skipped (--fresh retrains them) and only the new ones are in the frame.
/// Stopping the cell ends the current run at the next batch; finished runs are kept.
/// </summary>
public static class RunCommand
{
    public static MagicCommandDescriptor Descriptor { get; } = new(
        "run",
        "Trains a suite of models (built-in name or suite JSON file) with live progress; returns the runs as a DataFrame.",
        [
            new("--suite", "Built-in suite (" + string.Join(", ", SuiteNames()) + ") or a suite JSON file.", DefaultValue: "smoke", Completions: SuiteNames),
            new("--epochs", "Override every run's epoch count.", Kind: MagicParameterKind.Integer),
            new("--out", "Folder for runs.csv, epochs.csv and weights (default: a new temporary folder)."),
            new("--device", "auto, cpu, cuda or cuda:N.", DefaultValue: "auto", Completions: () => ["auto", "cpu", "cuda", "cuda:0"]),
            new("--seed", "Added to every run's seed.", DefaultValue: "0", Kind: MagicParameterKind.Integer),
            new("--threads", "Intra-op threads; 0 keeps libtorch's default.", DefaultValue: "0", Kind: MagicParameterKind.Integer),
            MagicParameterDescriptor.Flag("--fresh", "Retrain runs already recorded in --out."),
            MagicParameterDescriptor.Flag("--no-weights", "Do not save the models' weights."),
            MagicParameterDescriptor.As("the DataFrame of runs"),
        ]);

    public static IEnumerable<string> SuiteNames() => BuiltInSuites.All.Select(s => s.Name);

    public static async Task<object?> HandleAsync(MagicArguments args, IMagicContext context)
    {
        var suite = BuiltInSuites.Resolve(args.GetRequiredString("--suite"));
        int? epochs = args.Has("--epochs") ? TrainCommand.Positive(args, "--epochs") : null;
        long threads = args.GetInt64("--threads")!.Value, seed = args.GetInt64("--seed")!.Value;
        if (threads is < 0 or > 1024) throw new ArgumentException($"--threads {threads} must be between 0 and 1024 (0 = libtorch default).");
        if (seed is < int.MinValue or > int.MaxValue) throw new ArgumentException($"--seed {seed} must fit in a 32-bit integer.");
        var options = new SuiteRunOptions
        {
            Torch = new TorchSettings(args.GetRequiredString("--device"), (int)threads, seed),
            SeedOffset = (int)seed,
            EpochsOverride = epochs,
            OutDir = args.GetString("--out") ?? Path.Combine(Path.GetTempPath(), "gaplab-notebook", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss-fff") + "-" + suite.Name),
            Resume = !args.GetFlag("--fresh"),
            SaveWeights = !args.GetFlag("--no-weights"),
            OnNotice = line => context.Display(line),
            CommandLine = "#!gaplab run " + string.Join(" ", args.Names.Select(n => args.GetString(n) is { } v && v != "true" ? $"{n} {v}" : n)),
        };
        int count = suite.Expand().Count;
        string title = $"suite {suite.Name}: {count} runs -> {options.OutDir}";
        var display = new ThrottledDisplay(context, ProgressView.Starting(title));
        var progress = new ProgressSink<SuiteProgress>(p =>
            display.Update(ProgressView.Of(title, p), force: p.Finished is not null || p.Train?.Phase == "eval"));
        var result = await Task.Run(() => SuiteRunner.Run(suite, options, progress, context.CancellationToken));
        var statuses = string.Join(", ", result.Runs.GroupBy(r => r.Status).Select(g => $"{g.Count()} {g.Key}"));
        var skipped = result.Skipped.Count == 0 ? "" : $"; {result.Skipped.Count} already in {result.StorePath} were skipped (--fresh retrains them)";
        display.Update(new ProgressView(title, "done", 1, $"{result.Runs.Count} runs ({statuses}){skipped}; results in {result.RunsCsv} and {result.StorePath}"), force: true);
        return RecordFrame.ToDataFrame(result.Runs);
    }
}
