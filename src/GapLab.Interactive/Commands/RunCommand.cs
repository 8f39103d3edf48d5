using GapLab.Analysis;
using GapLab.Interactive.Magic;
using GapLab.Jobs;
using GapLab.Runtime;
using GapLab.Suites;
using GapLab.Training;
using GapLab.IO;

namespace GapLab.Interactive.Commands;

/// <summary>
/// <c>#!gaplab run [--suite NAME|FILE] [--epochs N] [--data DIR] [--dataset NAME] [--device D] [--threads N] [--seed N] [--out DIR] [--fresh]
/// [--no-weights] [--shard i/N] --as VAR</c> (the parameters of <see cref="RunJob"/>, as <c>gaplab run</c>): trains a suite (population of
/// models) with <see cref="SuiteRunner"/>, showing live progress, and returns the runs as a DataFrame (one row per run, columns as in
/// runs.csv). The runs go to --out (default ./runs, as the CLI); runs already recorded there are skipped (--fresh retrains them) and
/// only the new ones are in the frame.
/// Stopping the cell ends the current run at the next batch; finished runs are kept.
/// </summary>
public static class RunCommand
{
    public static MagicCommandDescriptor Descriptor { get; } = new(
        "run",
        "Trains a suite of models (built-in name or suite JSON file) with live progress; returns the runs as a DataFrame.",
        [
            .. MagicParameterDescriptor.From(RunJob.Parameters),
            MagicParameterDescriptor.As("the DataFrame of runs"),
        ]);

    public static IEnumerable<string> SuiteNames() => RunJob.SuiteNames();

    public static async Task<object?> HandleAsync(MagicArguments args, IMagicContext context)
    {
        var (suite, options) = RunJob.Request(args, args.CommandLine);
        options = options with { OnNotice = line => context.Display(line) };
        int count = options.Shard is { } shard ? shard.Select(suite.Expand(options.SeedOffset, options.EpochsOverride)).Count : suite.Expand().Count;
        string title = $"suite {suite.Name}: {count} runs -> {options.OutDir}";
        var display = new ThrottledDisplay(context, ProgressView.Starting(title));
        var progress = new ProgressSink<SuiteProgress>(p =>
            display.Update(ProgressView.Of(title, p), force: p.Finished is not null || p.Train?.Phase == TrainPhase.Eval));
        var result = await Task.Run(() => SuiteRunner.Run(suite, options, progress, context.CancellationToken));
        var statuses = string.Join(", ", result.Runs.GroupBy(r => r.Status).Select(g => $"{g.Count()} {g.Key}"));
        var skipped = result.Skipped.Count == 0 ? "" : $"; {result.Skipped.Count} already in {result.StorePath} were skipped (--fresh retrains them)";
        display.Update(new ProgressView(title, "done", 1, $"{result.Runs.Count} runs ({statuses}){skipped}; results in {result.RunsCsv} and {result.StorePath}"), force: true);
        return RecordFrame.ToDataFrame(result.Runs);
    }
}
