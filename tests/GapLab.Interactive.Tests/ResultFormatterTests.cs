using GapLab.Interactive.Commands;
using GapLab.Interactive.Formatting;
using GapLab.Metrics;
using GapLab.Models;
using GapLab.Runtime;
using GapLab.Suites;
using GapLab.Training;
using Microsoft.DotNet.Interactive.Formatting;
using static TorchSharp.torch;
using GapLab.Store;

namespace GapLab.Interactive.Tests;

public class ResultFormatterTests
{
    public ResultFormatterTests() => TorchRuntime.EnsureLoaded();

    internal static TrainResult Result(TrainStatus status = TrainStatus.Completed) => new(status,
        [
            new EpochRecord(1, 10, 0.9, 0.70, 1.0, 0.65, null, null, 0.05, 1.0, 1.2),
            new EpochRecord(2, 20, 0.5, 0.90, 0.8, 0.75, null, null, 0.05, 1.0, 0.6),
        ],
        new FinalMetrics(0.5, 0.90, 0.8, 0.75), 20, 2.04, null, null, null, "completed 2 epoch(s)", null, "", "", []);

    internal static RunRecord Run(string model, long parameters, double trainAcc, double testAcc, string status = "completed") => new()
    {
        RunId = model + "|seed=0", Model = model, Params = parameters, Seed = 0, Epochs = 1, Steps = 4, TrainAcc = trainAcc, TestAcc = testAcc,
        TrainLoss = 0.5, TestLoss = 0.75, AccGap = trainAcc - testAcc, LossGap = 0.25, TestAccCiLow = 0.7, TestAccCiHigh = 0.8, Status = status,
        WallSeconds = 1, TrainSize = 200, TestSize = 100, Optimizer = "sgd", LearningRate = 0.05, WeightDecay = 0, BatchSize = 50, LabelNoise = 0,
        GridValues = "", Suite = "tiny", Dataset = "fashion-mnist-embedded", DatasetFingerprint = "f", Device = "cpu", Threads = 1,
        GaplabVersion = "0", TorchsharpVersion = "0", LibtorchVersion = "0", FinishedUtc = DateTime.UnixEpoch,
    };

    static string BeforeChart(string html) => html.Contains("<div class=\"gaplab-chart\">") ? html[..html.IndexOf("<div class=\"gaplab-chart\">", StringComparison.Ordinal)] : html;

    [Fact]
    public void Train_result_card_has_final_metrics_gaps_and_the_curve_chart()
    {
        var html = TrainResultFormatter.ToHtml(Result());
        var card = HtmlDocument.Card(BeforeChart(html));
        Assert.Equal("completed", card["status"]);
        Assert.Equal("2", card["epochs"]);
        Assert.Equal("20", card["steps"]);
        Assert.Equal("2.0 s", card["wall time"]);
        Assert.Equal("0.9", card["train accuracy"]);
        Assert.Equal("0.15", card["accuracy gap (train - test)"]);
        Assert.Equal("0.3", card["loss gap (test - train)"]);
        Assert.Contains("Plotly.newPlot", html);
        Assert.Contains("Train vs test error per epoch", html);
        Assert.Contains("status                       completed", TrainResultFormatter.ToText(Result()));
    }

    [Fact]
    public void Train_result_without_an_evaluated_epoch_has_no_metrics_or_chart()
    {
        var r = Result(TrainStatus.Diverged) with { Epochs = [], Final = null, Message = "training loss became NaN" };
        var html = TrainResultFormatter.ToHtml(r);
        Assert.DoesNotContain("<script", html);
        var card = HtmlDocument.Card(html);
        Assert.Equal("diverged", card["status"]);
        Assert.False(card.ContainsKey("train accuracy"));
        Assert.Equal("training loss became NaN", card["message"]);
    }

    [Fact]
    public void Gap_card_shows_accuracy_error_and_loss_gaps()
    {
        var card = HtmlDocument.Card(GapFormatter.ToHtml(new GeneralizationGap(0.9, 0.75, 0.5, 0.8)));
        Assert.Equal("0.15", card["accuracy gap (train - test)"]);
        Assert.Equal("0.15", card["error gap (test - train)"]);
        Assert.Equal("0.3", card["loss gap (test - train)"]);
    }

    [Fact]
    public void Run_records_table_has_one_row_per_run()
    {
        List<RunRecord> runs = [Run("mlp:width=4", 3190, 0.9, 0.8), Run("mlp:width=16", 12730, 1.0, 0.85)];
        var rows = HtmlDocument.Rows(RunRecordsFormatter.ToHtml(runs));
        Assert.Equal(["Run", "Params", "Epochs", "Train acc", "Test acc", "Acc gap", "Loss gap", "Test acc 95% CI", "Status"], rows[0]);
        Assert.Equal(["mlp:width=16|seed=0", "12,730", "1", "1", "0.85", "0.15", "0.25", "[0.7, 0.8]", "completed"], rows[2]);
        Assert.Equal("2 runs of suite tiny on fashion-mnist-embedded", HtmlDocument.Footer(RunRecordsFormatter.ToHtml(runs)));
        Assert.StartsWith("Run", RunRecordsFormatter.ToText(runs));
    }

    [Fact]
    public void Built_model_card_and_layer_table_with_output_shapes()
    {
        manual_seed(0);
        using var m = ModelRegistry.Create("mlp:depth=1,width=8", InputShape.Parse("1x28x28->10"));
        var html = BuiltModelFormatter.ToHtml(m);
        var card = HtmlDocument.Card(html);
        Assert.Equal("mlp:depth=1,dropout=0,width=8", card["spec"]);
        Assert.Equal("6,370", card["trainable parameters"]);
        var layers = HtmlDocument.Rows(html, table: 1).Skip(1).ToList();
        Assert.Contains(layers, l => l[2] == "[1, 8]" && l[3] == "6,280"); // 784 x 8 + 8
        Assert.Contains(layers, l => l[2] == "[1, 10]" && l[3] == "90");  // 8 x 10 + 10
        Assert.Equal("Total parameters: 6,370 (trainable 6,370)", HtmlDocument.Footer(html, table: 1));
    }

    [Fact]
    public void Progress_view_is_a_bar_with_percentage_state_and_detail()
    {
        var p = ProgressView.Of("train mlp", new TrainProgress(2, 4, 5, 10, 0.5, 1000, TimeSpan.FromSeconds(12), TrainPhase.Train));
        Assert.Equal(0.375, p.Fraction); // (1 x 10 + 5) / 40
        var html = HtmlDocument.Parse(ProgressFormatter.ToHtml(p));
        Assert.Equal("0.375", html.Descendants("progress").Single().Attribute("value")!.Value);
        Assert.Equal("train mlp: epoch 2/4, batch 5/10 (38%) loss 0.5, 1000 img/s, about 12 s left", ProgressFormatter.ToText(p));
    }

    [Fact]
    public void New_formatters_are_registered_for_html_and_plain_text()
    {
        GapLabFormatters.Register();
        var r = Result();
        Assert.Equal(BeforeChart(TrainResultFormatter.ToHtml(r)), BeforeChart(r.ToDisplayString("text/html"))); // chart ids are random
        Assert.Equal(TrainResultFormatter.ToText(r), r.ToDisplayString("text/plain"));
        var gap = new GeneralizationGap(0.9, 0.75, 0.5, 0.8);
        Assert.Equal(GapFormatter.ToHtml(gap), gap.ToDisplayString("text/html"));
        List<RunRecord> runs = [Run("mlp:width=4", 3190, 0.9, 0.8)];
        Assert.Equal(RunRecordsFormatter.ToHtml(runs), runs.ToDisplayString("text/html"));
        using var m = ModelRegistry.Create("mlp:depth=1,width=8", InputShape.Parse("1x28x28->10"));
        Assert.Equal(BuiltModelFormatter.ToText(m), m.ToDisplayString("text/plain"));
        var p = ProgressView.Starting("x");
        Assert.Equal(ProgressFormatter.ToHtml(p), p.ToDisplayString("text/html"));
    }
}
