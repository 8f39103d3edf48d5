using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Events;

namespace GapLab.PackedExtension.Tests;

/// <summary>
/// The packed GapLab.Interactive, restored from a folder feed by the released kernel (configured by the released tool's own code)
/// and driven cell by cell as a notebook drives it: every magic goes through the kernel's directive parser, every value through
/// the kernel's formatters, progress through its display updates and cancellation through its Cancel command.
/// </summary>
public class PackedExtensionTests(PackedGapLab packed) : IClassFixture<PackedGapLab>
{
    ToolConfiguredKernel Kernel => packed.Kernel!;

    async Task<Cell> Ok(string code)
    {
        var cell = await Kernel.SubmitAsync(code);
        Assert.True(cell.Error is null, $"{code}\n-> {cell.Error}");
        return cell;
    }

    async Task<string?> Value(string expression) => (await Ok(expression)).ReturnValue?.ToString();

    [ReleasedKernelFact]
    public void LoadingRestoresThePackageAndRunsItsExtensionScriptOnce()
    {
        var load = packed.Load!;
        Assert.True(load.Error is null, load.ToString());
        // the kernel ran the extension.dib of the version just packed, from the NuGet cache it restored into
        var loading = load.Events.OfType<DisplayEvent>().SelectMany(e => e.FormattedValues).Select(v => v.Value)
            .Where(v => v.Contains("extension.dib")).ToList();
        Assert.Contains(loading, v => v.Contains($"gaplab.interactive/{packed.Version.ToLowerInvariant()}/interactive-extensions/dotnet/extension.dib"));
        // its only output is one line, not the script's developer notes
        var plain = load.Text("text/plain") + load.Text("text/html");
        Assert.Single(Regex.Matches(plain, @"GapLab \S+ loaded: #!gaplab"));
        Assert.DoesNotContain("generic shim", plain);
    }

    [ReleasedKernelFact]
    public async Task HelpListsEverySubcommand()
    {
        var help = (await Ok("#!gaplab")).Text("text/plain");
        foreach (var name in Subcommands) Assert.Contains($"#!gaplab {name} ", help);
    }

    static readonly string[] Subcommands =
        ["device", "data", "load", "model", "train", "run", "gap", "report", "quality", "store", "testbed", "diversity", "measures", "correlate", "benchmark", "list"];

    [ReleasedKernelFact]
    public async Task DataModelTrainAndGapWorkOnNotebookVariables()
    {
        var device = (await Ok("#!gaplab device --device cpu --threads 1 --seed 0 --as rt")).Text("text/plain");
        Assert.Contains("cpu", device);
        Assert.Equal("1", await Value("rt.Threads"));

        var load = (await Ok("#!gaplab load --train-size 200 --test-size 100 --seed 0 --as d1")).Text("text/plain");
        Assert.Contains("fashion-mnist-embedded[stratified n=200,seed=0] (train)", load);
        Assert.Equal("200 100", await Value("$\"{d1.Train.Count} {d1.Test.Count}\""));
        Assert.Contains("class 9       Ankle boot: 20 (10.0%)", (await Ok("#!gaplab data --from d1 --split train")).Text("text/plain"));

        var model = (await Ok("#!gaplab model --spec mlp:depth=1,width=16 --seed 0 --as m1")).Text("text/plain");
        Assert.Contains("trainable parameters  12,730", model);   // 784*16+16 + 16*10+10

        var train = await Ok("#!gaplab train --model m1 --data d1 --epochs 2 --as r1");
        Assert.True(train.Updates > 0, "training progress arrives as display updates: " + train);
        Assert.Equal("Completed 2", await Value("$\"{r1.Status} {r1.Epochs.Count}\""));

        var gap = (await Ok("#!gaplab gap --from r1")).Text("text/plain");
        var train_ = double.Parse(await Value("r1.Final.TrainAccuracy.ToString(System.Globalization.CultureInfo.InvariantCulture)") ?? "nan",
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(train_, 0.0, 1.0);
        Assert.Contains("Generalization gap", gap);
        Assert.Contains("accuracy gap (train - test)", gap);
        Assert.Contains("scatter \"gap (test - train)\"", gap);   // the chart's text/plain alternative
    }

    [ReleasedKernelFact]
    public async Task MeasuresQualityAndDiversityReportTheirValues()
    {
        await Ok("#!gaplab load --train-size 200 --test-size 100 --seed 0 --as d2");
        await Ok("#!gaplab model --spec mlp:depth=1,width=16 --seed 0 --as m2");
        await Ok("#!gaplab train --model m2 --data d2 --epochs 1 --as r2");

        var measures = await Ok("#!gaplab measures --model m2 --data d2 --measures cheap --as ms");
        Assert.Contains("PARAMS ", measures.Text("text/plain"));
        // PARAMS = sqrt(omega / m) with omega = 12,704 weights (biases excluded) and m = 200 examples
        Assert.Equal("7.96994", await Value("ms.Single(x => x.Name == \"PARAMS\").Value.ToString(\"G6\", System.Globalization.CultureInfo.InvariantCulture)"));

        var quality = await Ok("#!gaplab quality --model m2 --data d2 --test-size 100 --as q2");
        Assert.True(quality.Updates > 0, "quality progress arrives as display updates");
        Assert.Equal("100 False", await Value("$\"{q2.SampleCount} {q2.Cancelled}\""));

        var diversity = (await Ok("#!gaplab diversity --from d2 --samples 16 --as dv")).Text("text/plain");
        Assert.Contains("images                      16", diversity);
        Assert.Contains("over all 120 pairs", diversity);   // 16 * 15 / 2
    }

    [ReleasedKernelFact]
    public async Task SuiteRunsIntoAStoreThatStoreBenchmarkCorrelateAndReportRead()
    {
        var dir = Path.Combine(packed.Work, "suite");
        var run = await Ok($"#!gaplab run --suite smoke --out {dir} --as runs");
        Assert.True(run.Updates > 0, "suite progress arrives as display updates");
        Assert.True(File.Exists(Path.Combine(dir, "gaplab.duckdb")));

        var sql = (await Ok($"#!gaplab store --store {dir} --sql \"select count(*) as n from runs\"")).Text("text/plain");
        Assert.Matches(@"\bn\b[\s\S]*\b2\b", sql);   // the smoke suite: 2 runs

        await Ok($"#!gaplab benchmark --action list --store {dir}");

        // the smoke suite has two models: too few to correlate, said in one line
        var correlate = await Kernel.SubmitAsync("#!gaplab correlate --runs runs");
        Assert.Contains("needs at least 3 models", correlate.Error);
        Assert.Contains("the population has 2", correlate.Error);

        var report = Path.Combine(dir, "report.html");
        await Ok($"#!gaplab report --out {report}");
        Assert.Contains("<html", File.ReadAllText(report));
    }

    [ReleasedKernelFact]
    public async Task TestbedRunsATinyConfigurationFromAVariable()
    {
        await Ok("""
            var tiny = new GapLab.Testbed.TestbedConfig
            {
                Name = "tiny", Models = ["mlp:depth=1,width=16"], SeenClasses = [0, 1, 2, 3, 4], UnseenOrder = [5, 6],
                UnseenCounts = [0, 2], SsimLevels = [1.0, 0.7], TrainPerClass = 30, TestPerClass = 15, Epochs = 1, ProbeEpochs = 2,
                BatchSize = 32, AutoencoderEpochs = 1,
            };
            """);
        var cell = await Ok("#!gaplab testbed --config tiny --device cpu --as tb");
        Assert.True(cell.Updates > 0, "testbed progress arrives as display updates");
        // one backbone x 2 unseen counts x 2 SSIM levels
        Assert.Equal("4", await Value("tb.Cells.Count.ToString()"));
    }

    [ReleasedKernelFact]
    public async Task StoppingTheCellEndsTrainingAtTheNextBatchAndKeepsTheFinishedEpochs()
    {
        await Ok("#!gaplab load --train-size 500 --test-size 100 --seed 0 --as d3");
        await Ok("#!gaplab model --spec mlp:depth=1,width=16 --seed 0 --as m3");
        var clock = Stopwatch.StartNew();
        Task? cancel = null;
        var cell = await Kernel.SubmitAsync("#!gaplab train --model m3 --data d3 --epochs 100000 --batch-size 8 --as r3", e =>
        {
            // stop once a later epoch than the first is under way, so one epoch has finished (the throttled display may skip epoch 2
            // on a fast machine: any epoch >= 2 will do)
            if (e is DisplayedValueUpdated u && cancel is null && u.FormattedValues.Any(f => Regex.Matches(f.Value, @"epoch (\d+)/").Any(m => int.Parse(m.Groups[1].Value) >= 2)))
                cancel = Task.Run(Kernel.CancelAsync);
        });
        Assert.True(cancel is not null, $"the cell ended without showing a second epoch: {cell}; {cell.Error}; shown: {cell.Text("text/plain")[..Math.Min(600, cell.Text("text/plain").Length)]}");
        await cancel!;
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), $"the cell stopped after {clock.Elapsed}");
        Assert.NotNull(cell.Error);
        Assert.Contains("Command cancelled", cell.Error);
        // the handler ends at the next batch and still binds the result with the finished epochs: it lands just after the
        // kernel reported the cancellation, so wait for it (a notebook user's next cell comes later than this)
        string? status = null;
        for (var waited = Stopwatch.StartNew(); status is null && waited.Elapsed < TimeSpan.FromSeconds(30); await Task.Delay(200))
            status = (await Kernel.SubmitAsync("r3.Status.ToString() + \" \" + (r3.Epochs.Count >= 1)")).ReturnValue as string;
        Assert.Equal("Cancelled True", status);
        // the kernel is usable again at once
        Assert.Equal("2", await Value("1 + 1"));
    }

    [ReleasedKernelFact]
    public async Task BadArgumentsGiveOneActionableLine()
    {
        var unknownSubcommand = await Kernel.SubmitAsync("#!gaplab nosuchcommand");
        Assert.NotNull(unknownSubcommand.Error);
        foreach (var name in Subcommands) Assert.Contains(name, unknownSubcommand.Error);

        var unknownParameter = await Kernel.SubmitAsync("#!gaplab device --frobnicate 3");
        Assert.Contains("unknown parameter '--frobnicate'", unknownParameter.Error);
        Assert.Contains("--device, --threads, --seed, --as, --with", unknownParameter.Error);

        await Ok("int? noSize = null;");
        var nullValue = await Kernel.SubmitAsync("#!gaplab load --train-size @csharp:noSize --as d4");
        Assert.Contains("--train-size arrived as null", nullValue.Error);

        await Ok("var notData = \"text\";");
        var wrongType = await Kernel.SubmitAsync("#!gaplab data --from notData");
        Assert.Contains("notData", wrongType.Error);

        var missing = await Kernel.SubmitAsync("#!gaplab data --from noSuchVariable");
        Assert.Contains("noSuchVariable", missing.Error);

        var badSpec = await Kernel.SubmitAsync("#!gaplab model --spec nosuchmodel --as m5");
        Assert.Contains("nosuchmodel", badSpec.Error);
        Assert.Contains("mlp", badSpec.Error);   // the known names are listed
    }

    [ReleasedKernelFact]
    public async Task FormattersGiveHtmlWithAPlainTextAlternative()
    {
        var tensor = await Ok("TorchSharp.torch.zeros(2, 3)");
        Assert.Matches(@"shape\s+\[2, 3\]", tensor.Text("text/plain"));
        Assert.Contains("<div class=\"gaplab-tensor\">", tensor.Text("text/html"));

        await Ok("#!gaplab model --spec mlp:depth=1,width=16 --seed 0 --as m6");
        var module = await Ok("m6.Module");
        Assert.Contains("Linear", module.Text("text/plain"));
        Assert.Contains("<table", module.Text("text/html"));

        var frame = await Ok("""
            var frame = new Microsoft.Data.Analysis.DataFrame(new Microsoft.Data.Analysis.DoubleDataFrameColumn("gap", new double[] { 0.25, 0.5 }));
            frame
            """);
        Assert.Contains("0.25", frame.Text("text/html"));
        Assert.Contains("gap", frame.Text("text/plain"));
    }
}
