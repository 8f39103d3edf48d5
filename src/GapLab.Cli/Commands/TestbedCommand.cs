using GapLab.IO;
using System.CommandLine;
using System.Globalization;
using GapLab.Jobs;
using GapLab.Testbed;

namespace GapLab.Cli.Commands;

/// <summary><c>gaplab testbed</c>: runs Huang et al.'s 3-D testbed and writes testbed-cells.csv, testbed-marginals.csv and tradeoff.json.</summary>
internal static class TestbedCommand
{

    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var options = new JobOptions(TestbedJob.Parameters);
        var cmd = new Command("testbed", "Run the practical generalization testbed of Huang, Yu & Zhang (2025): SSIM x zero-shot x model size, trade-off point.");
        options.AddTo(cmd);
        // Task.Run: System.CommandLine installs its Ctrl+C/SIGTERM handler (which cancels ct) only once the action has returned its task
        cmd.SetAction((parse, ct) => Task.Run(() => GapLabCli.Guard(stderr, () =>
        {
            var args = options.Bind(parse);
            var spec = TestbedJob.Config(args);
            var (runOptions, outDir) = TestbedJob.RunOptions(args, spec);
            int code = Execute(spec, runOptions, outDir, stdout, ct, out var result);
            if (result is not null && args.Text("--store") is { } storeDir)
                stdout.WriteLine($"{result.Cells.Count} testbed cells appended to {TestbedJob.Append(storeDir, result, GapLabCli.CommandLine(parse))}");
            return code;
        })));
        return cmd;
    }

    static int Execute(TestbedConfig config, TestbedRunOptions options, string outDir, TextWriter stdout, CancellationToken ct, out TestbedResult? done)
    {
        done = null;
        stdout.WriteLine($"gaplab testbed '{config.Name}': {config.Models.Count} model(s) x {config.SsimLevels.Count} SSIM level(s) x {config.UnseenCounts.Count} unseen count(s), route {config.Route.Text()}");
        TestbedResult result;
        try
        {
            result = Testbed.Testbed.Run(config, options, new InlineProgress<TestbedProgress>(p => stdout.WriteLine($"  [{p.Stage}] {p.Message}")), ct);
        }
        catch (OperationCanceledException)
        {
            stdout.WriteLine("cancelled; nothing written.");
            return GapLabCli.ExitFailed;
        }
        var files = TestbedOutput.Write(result, outDir);
        done = result;
        var inv = CultureInfo.InvariantCulture;
        stdout.WriteLine(string.Create(inv, $"device {result.Provenance.Runtime.Device}, {result.Provenance.Runtime.Threads} threads, {result.Provenance.WallSeconds:F1} s"));
        foreach (var b in result.Provenance.Backbones)
            stdout.WriteLine(string.Create(inv, $"  backbone {b.Model}: {b.Parameters:N0} params, seen-class test acc {b.TestAccuracy:F4} ({b.Status})"));
        stdout.WriteLine("marginals (axis, value: f1 mean error, f2 mean 1-kappa, accuracy):");
        foreach (var m in result.Marginals)
            stdout.WriteLine(string.Create(inv, $"  {m.Axis,-9} {m.Label,-36} f1 {m.F1MeanError:F4}  f2 {m.F2MeanKappaDistance:F4}  acc {m.Accuracy:F4}"));
        var p = result.TradeOff;
        stdout.WriteLine(string.Create(inv, $"trade-off point: SSIM >= {p.SsimLowerBound:F3}, zero-shot <= {p.ZeroShotUpperBound:F3}, model size >= {p.ModelSizeLowerBound:N0} params, generalization bound {p.GeneralizationBound:F4}, diversity bound {p.DiversityBound:F4}"));
        stdout.WriteLine($"trade-off method: {p.Method.Text()} ({p.Interpolation}; {p.Solver}); SSIM axis: {p.SsimAxisDescription}");
        if (result.SignErrors.Count > 0)
        {
            stdout.WriteLine("SE_g, sign error of each measure against the practical statistics (0 = same order of models, 0.5 = chance, 1 = opposite):");
            foreach (var e in result.SignErrors)
                stdout.WriteLine(string.Create(inv, $"  {e.Axis,-9} {e.Measure,-16} generalization bound {e.GeneralizationBound:F4}  10th percentile {e.P10:F4}  ({e.Pairs} pairs over {e.Levels} levels){(e.Note.Length > 0 ? "; " + e.Note : "")}"));
        }
        stdout.WriteLine($"cells: {files.CellsCsv}  marginals: {files.MarginalsCsv}  trade-off: {files.TradeOffJson}" +
            (files.SignErrorsCsv is null ? "" : $"  SE_g: {files.SignErrorsCsv}  measures: {files.MeasuresCsv}"));
        return GapLabCli.ExitOk;
    }
}
