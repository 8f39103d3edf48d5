using GapLab.Data;
using GapLab.Interactive.Commands;
using GapLab.Interactive.Formatting;
using GapLab.Interactive.Magic;
using GapLab.Models;
using GapLab.Quality;
using GapLab.Runtime;
using Plotly.NET;
using static GapLab.Interactive.Tests.ChartsTests;

namespace GapLab.Interactive.Tests;

/// <summary>#!gaplab quality, the QualityReport card and the quality charts, on 40 test images and an untrained tiny MLP.</summary>
public class QualityNotebookTests
{
    public QualityNotebookTests() => TorchRuntime.EnsureLoaded();

    static Dictionary<string, string?> Args(params (string, string?)[] pairs) => pairs.ToDictionary(p => p.Item1, p => p.Item2);

    static readonly MagicCommandRegistry Registry = BuiltInCommands.CreateRegistry();

    static RecordingMagicContext WithModelAndData(RecordingMagicContext ctx)
    {
        var split = EmbeddedFashionMnist.Load();
        ctx.Variables["data"] = (new DatasetSplit(split.Train, Subsample.Stratified(split.Test, 40, 0)), typeof(DatasetSplit));
        TorchEnvironment.Seed(1);
        ctx.Variables["m"] = (ModelRegistry.Create("mlp:depth=1,width=8", InputShape.Parse("1x28x28->10")), typeof(BuiltModel));
        return ctx;
    }

    static readonly (string, string?)[] Fast = [("--model", "m"), ("--data", "data"), ("--corruptions", "contrast"), ("--pgd-steps", "1"), ("--device", "cpu")];

    [Fact]
    public async Task Quality_binds_a_report_with_progress_and_a_card_with_charts()
    {
        var ctx = WithModelAndData(new RecordingMagicContext());
        var r = await Registry.InvokeAsync("quality", Args([.. Fast, ("--ood", "shift:invert"), ("--as", "q")]), ctx);
        Assert.True(r.Succeeded, r.Error);
        var report = Assert.IsType<QualityReport>(ctx.Variables["q"].Value);
        Assert.False(report.Cancelled);
        Assert.Equal(40, report.SampleCount);
        Assert.True(report[QualityDimension.OodRobustness].IsAvailable);
        var progress = ctx.Updates.OfType<ProgressView>().ToList();
        Assert.Contains(progress, p => p.State.StartsWith("fgsm/pgd", StringComparison.Ordinal));
        Assert.Equal("completed", progress[^1].State);
        Assert.Equal(progress.Select(p => p.Fraction).Order(), progress.Select(p => p.Fraction)); // monotone

        var html = QualityReportFormatter.ToHtml(report, PlotlyScript.Preloaded);
        Assert.Contains("QUBA", html);
        Assert.Contains("OOD set shift:invert", html);
        Assert.Contains("Reliability diagram", html);
        Assert.Contains("Accuracy vs severity, generated corruptions", html);
        Assert.Contains("contributions", html);
        Assert.StartsWith(html[..html.IndexOf("<div", StringComparison.Ordinal)], GapLabFormatters.ToHtml(report, PlotlyScript.Preloaded)); // registered (chart ids differ per call)
        Assert.Contains("Class Balance", QualityReportFormatter.ToText(report));
    }

    [Fact]
    public async Task Quality_renders_the_named_corruption_set_and_records_it()
    {
        var ctx = WithModelAndData(new RecordingMagicContext());
        var r = await Registry.InvokeAsync("quality", Args([.. Fast, ("--corruption-set", "cifar10-c"), ("--dimensions", "corruption_robustness"), ("--as", "q")]), ctx);
        Assert.True(r.Succeeded, r.Error);
        var report = Assert.IsType<QualityReport>(ctx.Variables["q"].Value);
        Assert.Equal("cifar10-c", report.Options.CorruptionSet);
        Assert.Contains("(set cifar10-c)", report[QualityDimension.CorruptionRobustness].Method);
    }

    [Fact]
    public async Task Quality_takes_the_pgd_budget_and_step_like_the_cli()
    {
        var ctx = WithModelAndData(new RecordingMagicContext());
        var r = await Registry.InvokeAsync("quality", Args([.. Fast, ("--epsilon", "0.1"), ("--pgd-step-size", "0.025"), ("--dimensions", "adversarial_robustness"), ("--as", "q")]), ctx);
        Assert.True(r.Succeeded, r.Error);
        var report = Assert.IsType<QualityReport>(ctx.Variables["q"].Value);
        Assert.Equal((0.1, 0.025, 1), (report.Options.Pgd.Epsilon, report.Options.Pgd.Step, report.Options.Pgd.Steps));
        Assert.Contains("L-inf eps=0.1, PGD 1 steps of 0.025", report[QualityDimension.AdversarialRobustness].Method);
        // 1 step x 0.025 < 0.1: the progress title says the attack cannot use its whole budget
        Assert.Contains(ctx.Updates.OfType<ProgressView>(), p => p.Title.Contains("warning: PGD: 1 steps x step 0.025 = 0.025 < epsilon 0.1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stopping_the_cell_after_the_first_stage_returns_the_finished_dimensions()
    {
        using var cts = new CancellationTokenSource();
        var ctx = WithModelAndData(new RecordingMagicContext
        {
            CancellationToken = cts.Token,
            OnUpdate = v => { if (v is ProgressView p && p.State.StartsWith("calibration", StringComparison.Ordinal)) cts.Cancel(); },
        });
        var r = await Registry.InvokeAsync("quality", Args([.. Fast, ("--dimensions", "accuracy,adversarial_robustness,parameters"), ("--as", "q")]), ctx);
        Assert.True(r.Succeeded, r.Error);
        var report = Assert.IsType<QualityReport>(ctx.Variables["q"].Value);
        Assert.True(report.Cancelled);
        Assert.Equal("fgsm/pgd", report.CancelledDuring);
        Assert.Equal([QualityDimension.Accuracy, QualityDimension.AdversarialRobustness, QualityDimension.Parameters], report.Dimensions.Select(d => d.Dimension));
        Assert.True(report[QualityDimension.Accuracy].IsAvailable);
        Assert.StartsWith("not available: cancelled during stage 'fgsm/pgd'", report[QualityDimension.AdversarialRobustness].UnavailableReason);
        Assert.StartsWith("cancelled during fgsm/pgd", Assert.IsType<ProgressView>(ctx.Updates[^1]).State);
        Assert.Contains("cancelled during fgsm/pgd", QualityReportFormatter.ToText(report));
    }

    [Fact]
    public async Task Store_appends_the_selected_dimensions_and_quba_like_the_cli()
    {
        var ctx = WithModelAndData(new RecordingMagicContext());
        string dir = Path.Combine(Path.GetTempPath(), "gaplab-quality-store-" + Guid.NewGuid().ToString("N"));
        try
        {
            var r = await Registry.InvokeAsync("quality", Args([.. Fast, ("--test-size", "20"), ("--dimensions", "accuracy,parameters"),
                ("--quba-weights", "accuracy=1"), ("--threads", "1"), ("--store", dir), ("--as", "q")]), ctx);
            Assert.True(r.Succeeded, r.Error);
            var report = Assert.IsType<QualityReport>(ctx.Variables["q"].Value);
            Assert.Equal(20, report.SampleCount);
            Assert.Equal([QualityDimension.Accuracy, QualityDimension.Parameters], report.Dimensions.Select(d => d.Dimension).Order());
            var rows = GapLab.Store.ResultStore.Open(dir).Query("SELECT dimension, samples FROM quality");
            Assert.Equal([GapLab.Store.QualityRow.Quba, "accuracy", "parameters"], rows.Columns[0].Cast<string>().Order(StringComparer.Ordinal));
            Assert.All(rows.Columns[1].Cast<object>(), n => Assert.Equal(20L, Convert.ToInt64(n, System.Globalization.CultureInfo.InvariantCulture)));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Bad_arguments_name_the_value()
    {
        var ctx = WithModelAndData(new RecordingMagicContext());
        Assert.Contains("Unknown quality dimension 'beauty'", (await Registry.InvokeAsync("quality", Args(("--model", "m"), ("--dimensions", "beauty")), ctx)).Error);
        Assert.Contains("unknown corruption 'rain'", (await Registry.InvokeAsync("quality", Args(("--model", "m"), ("--corruptions", "rain")), ctx)).Error);
        Assert.Contains("unknown domain shift", (await Registry.InvokeAsync("quality", Args(("--model", "m"), ("--ood", "shift:blur")), ctx)).Error);
        Assert.Contains("--corruption-set 'nosuch' is not accepted; use one of: gaplab-monotone, cifar10-c.",
            (await Registry.InvokeAsync("quality", Args(("--model", "m"), ("--corruption-set", "nosuch")), ctx)).Error);
        // the same lines as gaplab quality's (QualityJob.Request is the one check)
        Assert.Contains("--quba-weights: 'accuracy=high' is not name=number",
            (await Registry.InvokeAsync("quality", Args(("--model", "m"), ("--quba-weights", "accuracy=high")), ctx)).Error);
        Assert.Contains("--test-size -1 must be >= 0.", (await Registry.InvokeAsync("quality", Args(("--model", "m"), ("--test-size", "-1")), ctx)).Error);
        Assert.Contains("--corruptions none needs --corruption-files DIR",
            (await Registry.InvokeAsync("quality", Args(("--model", "m"), ("--corruptions", "none")), ctx)).Error);
    }

    [Fact]
    public void Robustness_curves_start_at_clean_accuracy_for_every_corruption()
    {
        var table = new CorruptionAccuracyTable("m", 0.9, [new("fog", 1, 0.8), new("fog", 3, 0.5), new("snow", 1, 0.7), new("snow", 3, 0.6)], 10, 0);
        var (data, layout) = Json(Charts.RobustnessCurves(table));
        Assert.Equal(["fog", "snow", "clean"], data.EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToArray());
        Assert.Equal([0, 1, 3], Numbers(data[0].GetProperty("x")));
        Assert.Equal([0.9, 0.8, 0.5], Numbers(data[0].GetProperty("y")));
        Assert.Equal([0.9, 0.7, 0.6], Numbers(data[1].GetProperty("y")));
        Assert.Equal([0.9, 0.9], Numbers(data[2].GetProperty("y")));
        Assert.Equal("severity (0 = clean)", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void Reliability_diagram_and_quba_bars_show_the_measured_numbers()
    {
        // two samples: confidence .9 right (bin [.8,1)), confidence .6 wrong (bin [.6,.8)) with 5 bins
        var rel = GapLab.Quality.ReliabilityDiagram.Compute(new[,] { { .9, .1 }, { .6, .4 } }, [0, 1], bins: 5);
        var (data, _) = Json(Charts.ReliabilityDiagram(rel));
        Assert.Equal([0.7, 0.9], Numbers(data[0].GetProperty("x")).Select(v => Math.Round(v, 12)).ToArray());
        Assert.Equal([0.0, 1.0], Numbers(data[0].GetProperty("y")));
        Assert.Equal([0.6, 0.9], Numbers(data[1].GetProperty("y")));

        var weights = QubaWeights.FromDictionary(new Dictionary<QualityDimension, double> { [QualityDimension.Accuracy] = 1, [QualityDimension.CalibrationError] = -1 });
        var quba = QubaScore.Compute(new Dictionary<QualityDimension, double> { [QualityDimension.Accuracy] = 0.8, [QualityDimension.CalibrationError] = 0.01 }, weights);
        var (bars, layout) = Json(Charts.QubaContributions(quba));
        var x = Numbers(bars[0].GetProperty("x"));
        Assert.Equal(["Accuracy", "Calibration Error"], bars[0].GetProperty("y").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(quba.Score, x.Sum(), 12);
        Assert.Equal("h", bars[0].GetProperty("orientation").GetString());
        Assert.Contains("QUBA", layout.GetProperty("title").GetProperty("text").GetString());
    }
}
