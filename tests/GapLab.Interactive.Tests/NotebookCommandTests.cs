using GapLab.Data;
using GapLab.Interactive.Commands;
using GapLab.Interactive.Magic;
using GapLab.Metrics;
using GapLab.Models;
using GapLab.Runtime;
using GapLab.Training;
using GapLab.Weights;
using Microsoft.Data.Analysis;
using Plotly.NET;
using GapLab.Store;

namespace GapLab.Interactive.Tests;

/// <summary>load, model, train, run and gap through the registry, on 200 training / 100 test images.</summary>
public class NotebookCommandTests
{
    public NotebookCommandTests() => TorchRuntime.EnsureLoaded();

    static Dictionary<string, string?> Args(params (string, string?)[] pairs) => pairs.ToDictionary(p => p.Item1, p => p.Item2);

    static readonly MagicCommandRegistry Registry = BuiltInCommands.CreateRegistry();

    /// <summary>A context holding the tiny split as variable "data".</summary>
    static async Task<RecordingMagicContext> WithData(RecordingMagicContext? ctx = null)
    {
        ctx ??= new RecordingMagicContext();
        var r = await Registry.InvokeAsync("load", Args(("--train-size", "200"), ("--test-size", "100"), ("--seed", "1"), ("--as", "data")), ctx);
        Assert.True(r.Succeeded, r.Error);
        return ctx;
    }

    [Fact]
    public async Task Load_binds_a_class_balanced_subsample()
    {
        var ctx = await WithData();
        var split = Assert.IsType<DatasetSplit>(ctx.Variables["data"].Value);
        Assert.Equal(200, split.Train.Count);
        Assert.Equal(100, split.Test.Count);
        Assert.All(split.Train.ClassCounts(), c => Assert.Equal(20, c));
        Assert.Same(split, ctx.Displayed.Single());
    }

    [Fact]
    public async Task Load_rejects_unknown_datasets_and_sizes_out_of_range()
    {
        var ctx = new RecordingMagicContext();
        Assert.Equal($"#!gaplab load: --dataset 'cifar' is not accepted; use one of: {string.Join(", ", GapLab.Data.DatasetCatalog.Names.Select(n => n.Name))}.",
            (await Registry.InvokeAsync("load", Args(("--dataset", "cifar")), ctx)).Error);
        Assert.Equal("#!gaplab load: --train-size 5 is out of range: use 10 (one per class) to 12000 (all of 'fashion-mnist-embedded').",
            (await Registry.InvokeAsync("load", Args(("--train-size", "5")), ctx)).Error);
        Assert.Equal("#!gaplab load: --train-size 'many' is not a whole number (e.g. 42).",
            (await Registry.InvokeAsync("load", Args(("--train-size", "many")), ctx)).Error);
    }

    [Fact]
    public async Task Model_builds_a_spec_with_the_hand_counted_parameters_and_reloads_saved_weights()
    {
        var ctx = new RecordingMagicContext();
        var r = await Registry.InvokeAsync("model", Args(("--spec", "mlp:depth=1,width=8"), ("--seed", "3"), ("--as", "m")), ctx);
        Assert.True(r.Succeeded, r.Error);
        using var built = Assert.IsType<BuiltModel>(ctx.Variables["m"].Value);
        Assert.Equal(784 * 8 + 8 + 8 * 10 + 10, built.ParameterCount);
        Assert.Equal("1x28x28->10", built.Input.ToString());

        var path = Path.Combine(Path.GetTempPath(), $"gaplab-nb-{Guid.NewGuid():N}.safetensors");
        try
        {
            ModelWeights.Save(built, path, new Dictionary<string, string> { [ModelWeights.SpecKey] = built.Spec, [ModelWeights.InputKey] = built.Input.ToString() });
            var loaded = await Registry.InvokeAsync("model", Args(("--weights", path), ("--as", "m2")), ctx);
            Assert.True(loaded.Succeeded, loaded.Error);
            using var again = Assert.IsType<BuiltModel>(loaded.Value);
            Assert.Equal(built.Spec, again.Spec);
            var a = built.Module.parameters().Select(p => p.data<float>().ToArray()).ToList();
            var b = again.Module.parameters().Select(p => p.data<float>().ToArray()).ToList();
            Assert.Equal(a, b);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public async Task Model_argument_errors_name_the_bad_value()
    {
        var ctx = new RecordingMagicContext();
        Assert.Equal($"#!gaplab model: give --spec SPEC (e.g. mlp:width=256; models: {string.Join(", ", GapLab.Models.ModelRegistry.Names.Select(m => m.Name))}) or --weights FILE.",
            (await Registry.InvokeAsync("model", Args(), ctx)).Error);
        Assert.StartsWith($"#!gaplab model: Unknown model 'transformer'. Known models: {string.Join(", ", GapLab.Models.ModelRegistry.Names.Select(m => m.Name))}",
            (await Registry.InvokeAsync("model", Args(("--spec", "transformer")), ctx)).Error);
        Assert.Equal("#!gaplab model: Input shape '28x28' is not of the form CxHxW->K, e.g. 1x28x28->10.",
            (await Registry.InvokeAsync("model", Args(("--spec", "mlp"), ("--input", "28x28")), ctx)).Error);
        Assert.Equal(GapLab.Models.ModelRegistry.Names.Select(m => m.Name), ModelCommand.Descriptor.FindParameter("--spec")!.CompletionValues());
    }

    [Fact]
    public async Task Train_shows_live_progress_and_binds_the_result()
    {
        var ctx = await WithData();
        var r = await Registry.InvokeAsync("train", Args(("--spec", "mlp:depth=1,width=16"), ("--data", "data"), ("--epochs", "2"),
            ("--batch-size", "50"), ("--lr", "0.1"), ("--as", "result")), ctx);
        Assert.True(r.Succeeded, r.Error);
        using var result = Assert.IsType<TrainResult>(ctx.Variables["result"].Value);
        Assert.Equal(TrainStatus.Completed, result.Status);
        Assert.Equal([1, 2], result.Epochs.Select(e => e.Epoch).ToArray());
        Assert.Equal(8, result.TotalSteps); // 200 images / 50 per batch x 2 epochs
        // progress element shown once (second output, after the data), redrawn at least after each epoch and at the end
        var progress = ctx.Updates.OfType<ProgressView>().ToList();
        Assert.True(progress.Count >= 3, $"{progress.Count} progress updates");
        Assert.Contains(progress, p => p.State == "epoch 2/2: evaluating");
        Assert.Equal("completed", progress[^1].State);
        Assert.Equal(1, progress[^1].Fraction);
        Assert.Equal(3, ctx.Displayed.Count); // data, progress, result
        Assert.Same(result, ctx.Displayed[2]);
    }

    [Fact]
    public async Task Train_cancelled_after_the_first_epoch_keeps_it()
    {
        using var cts = new CancellationTokenSource();
        var ctx = await WithData(new RecordingMagicContext
        {
            CancellationToken = cts.Token,
            OnUpdate = v => { if (v is ProgressView { State: "epoch 1/5: evaluating" }) cts.Cancel(); },
        });
        ctx.Variables["m"] = (ModelRegistry.Create("mlp:depth=1,width=8", InputShape.Parse("1x28x28->10")), typeof(BuiltModel));
        var r = await Registry.InvokeAsync("train", Args(("--model", "m"), ("--data", "data"), ("--epochs", "5"), ("--batch-size", "50"), ("--as", "result")), ctx);
        Assert.True(r.Succeeded, r.Error);
        using var result = Assert.IsType<TrainResult>(ctx.Variables["result"].Value);
        Assert.Equal(TrainStatus.Cancelled, result.Status);
        Assert.Single(result.Epochs);
        Assert.NotNull(result.Final);
        Assert.Equal("cancelled", Assert.IsType<ProgressView>(ctx.Updates[^1]).State);
        Assert.Equal(0.2, ((ProgressView)ctx.Updates[^1]).Fraction, 12);
    }

    [Fact]
    public async Task Train_argument_errors_name_the_bad_value()
    {
        var ctx = await WithData();
        ctx.Variables["n"] = (3, typeof(int));
        ctx.Variables["wide"] = (ModelRegistry.Create("mlp:depth=1,width=8", InputShape.Parse("3x32x32->10")), typeof(BuiltModel));
        async Task<string?> Error(params (string, string?)[] a) => (await Registry.InvokeAsync("train", Args(a), ctx)).Error;
        Assert.Equal("#!gaplab train: missing required parameter --data (C# variable holding a DatasetSplit (from #!gaplab load).).", await Error(("--spec", "mlp")));
        Assert.Equal("#!gaplab train: give exactly one of --model VAR (a model variable) or --spec SPEC (e.g. mlp:width=256).",
            await Error(("--spec", "mlp"), ("--model", "n"), ("--data", "data")));
        Assert.Equal("#!gaplab train: --data 'n' is a Int32; expected a GapLab.Data.DatasetSplit.", await Error(("--spec", "mlp"), ("--data", "n")));
        Assert.Equal("#!gaplab train: --epochs 0 must be a whole number >= 1.", await Error(("--spec", "mlp"), ("--data", "data"), ("--epochs", "0")));
        Assert.Equal("#!gaplab train: --optimizer 'adam' is not accepted; use one of: sgd, adamw.", await Error(("--spec", "mlp"), ("--data", "data"), ("--optimizer", "adam")));
        Assert.Equal("#!gaplab train: --model 'wide' was built for input 3x32x32->10, but 'data' has 1x28x28->10; rebuild it with --input 1x28x28->10.",
            await Error(("--model", "wide"), ("--data", "data")));
        Assert.Equal("#!gaplab train: --patience 2 needs --validation-fraction > 0 (early stopping watches the validation loss).",
            await Error(("--spec", "mlp"), ("--data", "data"), ("--patience", "2")));
    }

    [Fact]
    public async Task Gap_of_a_train_result_is_the_final_gap_with_its_curve_chart()
    {
        var ctx = await WithData();
        var train = await Registry.InvokeAsync("train", Args(("--spec", "mlp:depth=1,width=16"), ("--data", "data"), ("--epochs", "2"), ("--batch-size", "50"), ("--as", "result")), ctx);
        using var result = (TrainResult)train.Value!;
        var r = await Registry.InvokeAsync("gap", Args(("--from", "result"), ("--as", "g")), ctx);
        Assert.True(r.Succeeded, r.Error);
        var gap = Assert.IsType<GeneralizationGap>(ctx.Variables["g"].Value);
        Assert.Equal(result.Final!.TrainAccuracy - result.Final.TestAccuracy, gap.AccuracyGap);
        Assert.Equal(result.Final.TestLoss - result.Final.TrainLoss, gap.LossGap);
        Assert.IsAssignableFrom<GenericChart>(ctx.Displayed[^2]);
        var curve = GapCommand.Curve(result);
        Assert.Equal([1, 2], curve.Select(p => p.Epoch).ToArray());
        Assert.Equal(1 - result.Epochs[1].TestAccuracy, curve[1].Test);
        Assert.Equal(result.Epochs[0].TrainLoss, GapCommand.Curve(result, "loss")[0].Train);

        ctx.Variables["n"] = (3, typeof(int));
        Assert.Equal("#!gaplab gap: --from 'n' is a Int32; expected a TrainResult (from #!gaplab train), a DataFrame of runs (from #!gaplab run) or a list of RunRecord.",
            (await Registry.InvokeAsync("gap", Args(("--from", "n")), ctx)).Error);
    }

    [Fact]
    public async Task Run_trains_a_suite_file_with_progress_and_gap_plots_it_against_size()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"gaplab-nb-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var suite = Path.Combine(dir, "tiny.json");
            File.WriteAllText(suite, """{ "name": "tiny", "models": ["mlp:depth=1,width=4", "mlp:depth=1,width=16"], "seeds": [0], "train_size": 200, "epochs": 1, "batch_size": 50 }""");
            var ctx = new RecordingMagicContext();
            var r = await Registry.InvokeAsync("run", Args(("--suite", suite), ("--out", Path.Combine(dir, "out")), ("--device", "cpu"), ("--no-weights", "true"), ("--as", "runs")), ctx);
            Assert.True(r.Succeeded, r.Error);
            var frame = Assert.IsType<DataFrame>(ctx.Variables["runs"].Value);
            Assert.Equal(2, frame.Rows.Count);
            Assert.Equal(new long[] { 784 * 4 + 4 + 4 * 10 + 10, 784 * 16 + 16 + 16 * 10 + 10 }, new[] { (long)frame["params"][0], (long)frame["params"][1] });
            Assert.True(File.Exists(Path.Combine(dir, "out", "runs.csv")));
            var progress = ctx.Updates.OfType<ProgressView>().ToList();
            Assert.True(progress.Count >= 3, $"{progress.Count} progress updates");
            Assert.Equal("done", progress[^1].State);
            Assert.StartsWith("2 runs (2 completed)", progress[^1].Detail);

            var points = GapCommand.Points(frame);
            Assert.Equal(["mlp:depth=1,dropout=0,width=4 seed=0", "mlp:depth=1,dropout=0,width=16 seed=0"], points.Select(p => p.Label).ToArray());
            Assert.Equal((double)frame["acc_gap"][1], points[1].Gap);
            var gap = await Registry.InvokeAsync("gap", Args(("--from", "runs"), ("--as", "chart")), ctx);
            Assert.True(gap.Succeeded, gap.Error);
            Assert.IsAssignableFrom<GenericChart>(ctx.Variables["chart"].Value);

            // a second call with the same --out skips both runs
            var again = await Registry.InvokeAsync("run", Args(("--suite", suite), ("--out", Path.Combine(dir, "out")), ("--device", "cpu")), ctx);
            Assert.Equal(0, Assert.IsType<DataFrame>(again.Value).Rows.Count);
            Assert.Contains("2 already in", ((ProgressView)ctx.Updates[^1]).Detail);
            // both cells' sessions are in the folder's result store, with the magic's command line
            var sessions = await Registry.InvokeAsync("store", Args(("--sql", "SELECT command_line FROM sessions ORDER BY started_utc"), ("--store", Path.Combine(dir, "out"))), ctx);
            var lines = Assert.IsType<DataFrame>(sessions.Value)["command_line"].Cast<string>().ToList();
            Assert.Equal(2, lines.Count);
            Assert.StartsWith("#!gaplab run --suite ", lines[0]);
            Assert.Contains("--no-weights", lines[0]);
            Assert.DoesNotContain("--no-weights", lines[1]);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public async Task Run_with_an_unknown_suite_lists_the_built_in_ones()
    {
        Assert.Equal($"#!gaplab run: Unknown suite 'tiny': use one of {string.Join(", ", GapLab.Suites.BuiltInSuites.All.Select(x => x.Name))} or a path to a suite JSON file.",
            (await Registry.InvokeAsync("run", Args(("--suite", "tiny")), new RecordingMagicContext())).Error);
    }
}
