using GapLab.Interactive.Magic;
using GapLab.Runtime;
using GapLab.Testbed;

namespace GapLab.Interactive.Commands;

/// <summary>
/// <c>#!gaplab testbed [--config NAME|FILE|VAR] [--data DIR] [--out DIR] [--device D] [--threads N] [--trade-off-method grid|reference] --as VAR</c>: runs Huang et al.'s
/// practical generalization testbed (<see cref="Testbed.Testbed.Run"/>) with live progress, shows the marginal charts with the trade-off
/// point marked and returns the <see cref="TestbedResult"/> (summary card). <c>--config</c> is a built-in name, a C# variable holding a
/// <see cref="TestbedConfig"/> (e.g. a built-in one shrunk with <c>with { ... }</c>) or a JSON file. With --out the CSV/JSON files of
/// <c>gaplab testbed</c> are written there too. Stopping the cell cancels the run (nothing is kept: a testbed has no partial result).
/// </summary>
public static class TestbedCommand
{
    public static MagicCommandDescriptor Descriptor { get; } = new(
        "testbed",
        "Runs the practical generalization testbed (SSIM x zero-shot x model size) with live progress; returns the TestbedResult.",
        [
            new("--config", "Built-in testbed (" + string.Join(", ", ConfigNames()) + "), a C# variable holding a TestbedConfig, or a JSON file.",
                DefaultValue: BuiltInTestbeds.FashionMnist.Name, Completions: ConfigNames),
            new("--data", "Dataset folder (CIFAR-100 binaries, full Fashion-MNIST); not needed for the embedded subset."),
            new("--out", "Also write testbed-cells.csv, testbed-marginals.csv and tradeoff.json to this folder."),
            new("--device", "auto, cpu, cuda or cuda:N.", DefaultValue: "auto", Completions: () => ["auto", "cpu", "cuda", "cuda:0"]),
            new("--threads", "Intra-op threads; 0 keeps libtorch's default.", DefaultValue: "0", Kind: MagicParameterKind.Integer),
            new("--trade-off-method", TestbedConfig.TradeOffMethodHelp, Completions: () => ["grid", "reference"]),
            MagicParameterDescriptor.As("the TestbedResult"),
        ]);

    public static IEnumerable<string> ConfigNames() => BuiltInTestbeds.All.Select(c => c.Name);

    public static async Task<object?> HandleAsync(MagicArguments args, IMagicContext context)
    {
        var config = Resolve(args.GetRequiredString("--config"), context).WithTradeOffMethod(args.GetString("--trade-off-method"));
        long threads = args.GetInt64("--threads")!.Value;
        if (threads is < 0 or > 1024) throw new ArgumentException($"--threads {threads} must be between 0 and 1024 (0 = libtorch default).");
        var outDir = args.GetString("--out");
        if (outDir is not null && Path.GetDirectoryName(Path.GetFullPath(outDir)) is { } parent && !Directory.Exists(parent))
            throw new ArgumentException($"--out '{outDir}': its folder '{parent}' does not exist.");
        var options = new TestbedRunOptions { DataDir = args.GetString("--data"), Torch = new TorchSettings(args.GetRequiredString("--device"), (int)threads, config.Seed) };

        string title = $"testbed {config.Name}: {config.Models.Count} model(s) x {config.SsimLevels.Count} SSIM level(s) x {config.UnseenCounts.Count} unseen count(s)";
        var display = new ThrottledDisplay(context, ProgressView.Starting(title));
        var progress = new ProgressSink<TestbedProgress>(p => display.Update(Progress(title, p), force: p.Step == 0 || p.Step == p.Total));
        var result = await Task.Run(() => Testbed.Testbed.Run(config, options, progress, context.CancellationToken));
        var files = outDir is null ? null : TestbedOutput.Write(result, outDir);
        display.Update(new ProgressView(title, "done", 1, $"{result.Cells.Count} cells in {result.Provenance.WallSeconds:0.0} s" +
            (files is null ? "" : $"; files in {outDir}")), force: true);
        foreach (var chart in Charts.TestbedMarginals(result)) context.Display(chart);
        return result;
    }

    /// <summary>A built-in name, a TestbedConfig variable or a JSON file (in that order).</summary>
    public static TestbedConfig Resolve(string config, IMagicContext context)
    {
        if (BuiltInTestbeds.All.FirstOrDefault(c => string.Equals(c.Name, config, StringComparison.OrdinalIgnoreCase)) is { } builtIn) return builtIn;
        if (MagicNames.IsIdentifier(config) && context.TryGetVariable(config, out var value) && value is not null)
            return value as TestbedConfig ?? throw NotebookVariables.WrongType("--config", config, value, "a GapLab.Testbed.TestbedConfig");
        if (File.Exists(config)) return BuiltInTestbeds.Resolve(config);
        throw new ArgumentException($"--config '{config}' is not accepted; use one of: {string.Join(", ", ConfigNames())}, a TestbedConfig variable or a JSON file.");
    }

    /// <summary>The progress view of one testbed step: distortion fills the first 10%, then backbones and probes (step out of total) the rest.</summary>
    public static ProgressView Progress(string title, TestbedProgress p)
    {
        double within = p.Total > 0 ? Math.Clamp((double)p.Step / p.Total, 0, 1) : 0;
        return new ProgressView(title, p.Stage, p.Stage == "distort" ? 0.1 * within : 0.1 + 0.9 * within, p.Message);
    }
}
