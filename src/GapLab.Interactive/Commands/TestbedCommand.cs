using GapLab.Interactive.Magic;
using GapLab.Jobs;
using GapLab.Runtime;
using GapLab.Testbed;

namespace GapLab.Interactive.Commands;

/// <summary>
/// <c>#!gaplab testbed [--config NAME|FILE|VAR] [--data DIR] [--out DIR] [--device D] [--threads N] [--seed N] [--trade-off-method grid|reference]
/// [--store DIR] --as VAR</c> (the parameters of <see cref="TestbedJob"/>, as <c>gaplab testbed</c>): runs Huang et al.'s
/// practical generalization testbed (<see cref="Testbed.Testbed.Run"/>) with live progress, shows the marginal charts with the trade-off
/// point marked and returns the <see cref="TestbedResult"/> (summary card). <c>--config</c> is a built-in name, a C# variable holding a
/// <see cref="TestbedConfig"/> (e.g. a built-in one shrunk with <c>with { ... }</c>) or a JSON file. The CSV/JSON files of
/// <c>gaplab testbed</c> are written to --out (default ./testbed). Stopping the cell cancels the run (nothing is kept: a testbed has no partial result).
/// </summary>
public static class TestbedCommand
{
    public static MagicCommandDescriptor Descriptor { get; } = new(
        "testbed",
        "Runs the practical generalization testbed (SSIM x zero-shot x model size) with live progress; returns the TestbedResult.",
        [
            .. MagicParameterDescriptor.From(TestbedJob.Parameters),
            MagicParameterDescriptor.As("the TestbedResult"),
        ]);

    public static async Task<object?> HandleAsync(MagicArguments args, IMagicContext context)
    {
        var config = TestbedJob.Config(args, name => Variable(name, context));
        var (options, outDir) = TestbedJob.RunOptions(args, config);

        string title = $"testbed {config.Name}: {config.Models.Count} model(s) x {config.SsimLevels.Count} SSIM level(s) x {config.UnseenCounts.Count} unseen count(s)";
        var display = new ThrottledDisplay(context, ProgressView.Starting(title));
        var progress = new ProgressSink<TestbedProgress>(p => display.Update(Progress(title, p), force: p.Step == 0 || p.Step == p.Total));
        var result = await Task.Run(() => Testbed.Testbed.Run(config, options, progress, context.CancellationToken));
        TestbedOutput.Write(result, outDir);
        string stored = args.GetString("--store") is { } storeDir ? $"; cells appended to {TestbedJob.Append(storeDir, result, args.CommandLine)}" : "";
        display.Update(new ProgressView(title, "done", 1, $"{result.Cells.Count} cells in {result.Provenance.WallSeconds:0.0} s; files in {outDir}{stored}"), force: true);
        foreach (var chart in Charts.TestbedMarginals(result)) context.Display(chart);
        return result;
    }

    public static IEnumerable<string> ConfigNames() => TestbedJob.ConfigNames();

    /// <summary>The TestbedConfig held by notebook variable <paramref name="name"/>, or null when there is no such variable.</summary>
    static TestbedConfig? Variable(string name, IMagicContext context) =>
        MagicNames.IsIdentifier(name) && context.TryGetVariable(name, out var value) && value is not null
            ? value as TestbedConfig ?? throw NotebookVariables.WrongType("--config", name, value, "a GapLab.Testbed.TestbedConfig")
            : null;

    /// <summary>The progress view of one testbed step: distortion fills the first 10%, then backbones and probes (step out of total) the rest.</summary>
    public static ProgressView Progress(string title, TestbedProgress p)
    {
        double within = p.Total > 0 ? Math.Clamp((double)p.Step / p.Total, 0, 1) : 0;
        return new ProgressView(title, p.Stage, p.Phase == TestbedStage.Distort ? 0.1 * within : 0.1 + 0.9 * within, p.Message);
    }
}
