using System.Text.Json;
using GapLab.Analysis;
using GapLab.Runtime;
using GapLab.Suites;
using GapLab.IO;

namespace GapLab.Core.Tests.Suites;

public class SuiteRunnerTests
{
    static string TempDir() => Directory.CreateTempSubdirectory("gaplab-suite-").FullName;

    static SuiteSpec Tiny(params string[] models) => new()
    {
        Name = "tiny",
        Models = models.Length > 0 ? models : new[] { "mlp:depth=1,width=16" },
        Seeds = new[] { 0 },
        TrainSize = 300,
        Epochs = 3,
        BatchSize = 50,
        LearningRate = 0.05,
    };

    static SuiteRunOptions Options(string dir) => new() { OutDir = dir, Torch = new TorchSettings("cpu", 0, 0), SaveWeights = false };

    [Fact]
    public void ExpandCrossesModelsGridAndSeedsInAStableOrder()
    {
        var spec = SuiteSpec.FromJson("""
            { "name": "g", "models": ["mlp:width=8", "cnn:width=0.25"], "seeds": [0, 1],
              "grid": { "weight_decay": [0, 0.0005], "batch_size": [32] } }
            """);
        var runs = spec.Expand();
        Assert.Equal(2 * 2 * 1 * 2, runs.Count);
        Assert.Equal("mlp:width=8|batch_size=32|weight_decay=0|seed=0", runs[0].RunId);
        Assert.Equal("mlp:width=8|batch_size=32|weight_decay=0.0005|seed=1", runs[3].RunId);
        Assert.Equal(0.0005, runs[3].Settings.WeightDecay);
        Assert.Equal(32, runs[3].Settings.BatchSize);
        Assert.Equal(runs.Count, runs.Select(r => r.RunId).Distinct().Count());
    }

    [Fact]
    public void ASeedOffsetShiftsTheSeedsAndTheRunIds()
    {
        var spec = SuiteSpec.FromJson("""{ "name": "g", "models": ["mlp:width=8"], "seeds": [0, 1] }""");
        Assert.Equal(new[] { "mlp:width=8|seed=0", "mlp:width=8|seed=1" }, spec.Expand().Select(r => r.RunId));
        var shifted = spec.Expand(10);
        Assert.Equal(new[] { "mlp:width=8|seed=10", "mlp:width=8|seed=11" }, shifted.Select(r => r.RunId));
        Assert.Equal(new[] { 10, 11 }, shifted.Select(r => r.Seed));
    }

    [Theory]
    [InlineData("""{ "models": [] }""", "'models' is empty")]
    [InlineData("""{ "models": ["mlp"], "epochs": 0 }""", "'epochs' must be >= 1, got 0")]
    [InlineData("""{ "models": ["mlp"], "grid": { "depth": [1] } }""", "unknown grid axis 'depth'")]
    [InlineData("""{ "models": ["mlp"], "grid": { "batch_size": ["big"] } }""", "grid axis 'batch_size'")]
    [InlineData("""{ "models": ["mlp"], "label_noise": 1.5 }""", "'label_noise' must be in [0, 1)")]
    [InlineData("""{ "models": ["mlp"], "seeds": [1, 1] }""", "duplicates")]
    public void InvalidSuitesAreRejectedNamingTheField(string json, string expected)
    {
        var e = Assert.ThrowsAny<Exception>(() => SuiteSpec.FromJson(json, "s.json"));
        Assert.True(e is ArgumentException or FormatException, e.GetType().Name);
        Assert.Contains(expected, e.Message);
        Assert.Contains("s.json", e.Message);
    }

    [Fact]
    public void UnknownModelNameFailsBeforeAnythingIsWritten()
    {
        var dir = TempDir();
        var e = Assert.Throws<ArgumentException>(() => SuiteRunner.Run(Tiny("transformer:width=4"), Options(dir)));
        Assert.Contains("transformer", e.Message);
        Assert.False(File.Exists(Path.Combine(dir, "runs.csv")));
        Assert.False(File.Exists(Path.Combine(dir, "gaplab.duckdb")));
    }

    [Fact]
    public void ADivergedRunIsRecordedAndTheOthersGoOn()
    {
        var dir = TempDir();
        var spec = Tiny("mlp:depth=1,width=16", "mlp:depth=1,width=32") with
        {
            Grid = new Dictionary<string, IReadOnlyList<JsonElement>> { ["learning_rate"] = new[] { JsonSerializer.SerializeToElement(1e12), JsonSerializer.SerializeToElement(0.05) } },
        };
        var result = SuiteRunner.Run(spec, Options(dir));
        Assert.Equal(4, result.Runs.Count);
        Assert.Equal(new[] { "diverged", "completed", "diverged", "completed" }, result.Runs.Select(r => r.Status));
        var table = CsvTable.Read(result.RunsCsv);
        Assert.Equal(new[] { "diverged", "completed", "diverged", "completed" }, table.Values("status"));
        var completed = result.Runs.Where(r => r.Status == "completed").ToArray();
        Assert.All(completed, r => Assert.InRange(r.TestAcc, 0.3, 1.0));
        Assert.All(completed, r => Assert.Equal(r.TrainAcc - r.TestAcc, r.AccGap, 12));
        Assert.All(completed, r => Assert.InRange(r.TestAcc, r.TestAccCiLow, r.TestAccCiHigh));
    }

    [Fact]
    public void A_cancel_before_the_store_is_opened_writes_nothing()
    {
        // Ctrl+C / SIGTERM during the self-check, the data load or the memory estimate: OperationCanceledException (the CLI's
        // one line "gaplab: cancelled; nothing written.", exit 1) before the lock, the store or a CSV file exists
        var dir = TempDir();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => SuiteRunner.Run(Tiny(), Options(dir), null, cts.Token));
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    [Fact]
    public void An_epochs_override_names_the_changed_count_in_the_run_ids()
    {
        var spec = Tiny("mlp:width=8");
        Assert.Equal("mlp:width=8|seed=0", spec.Expand(0, 3).Single().RunId); // the suite's own count: the earlier id
        var run = spec.Expand(2, 5).Single();
        Assert.Equal("mlp:width=8|epochs=5|seed=2", run.RunId);
        Assert.Equal(5, run.Settings.Epochs);
        // an epochs grid axis already names the count: the override replaces its values, so its points become one run
        var grid = SuiteSpec.FromJson("""{ "name": "g", "models": ["mlp:width=8"], "seeds": [0], "grid": { "epochs": [1, 2], "batch_size": [32, 64] } }""", "g.json");
        Assert.Equal(new[] { "mlp:width=8|batch_size=32|epochs=4|seed=0", "mlp:width=8|batch_size=64|epochs=4|seed=0" }, grid.Expand(0, 4).Select(r => r.RunId));
        Assert.Equal(4, grid.Expand().Count);
        Assert.Throws<ArgumentException>(() => spec.Expand(0, 0));
    }

    [Fact]
    public void CancelStopsAtTheNextBatchAndKeepsFinishedRuns()
    {
        var dir = TempDir();
        using var cts = new CancellationTokenSource();
        var spec = Tiny("mlp:depth=1,width=16", "mlp:depth=1,width=32", "mlp:depth=1,width=64");
        var progress = new InlineProgress(p =>
        {
            if (p.RunIndex == 1 && p.Train is { Batch: 2 }) cts.Cancel();
        });
        var result = SuiteRunner.Run(spec, Options(dir), progress, cts.Token);
        Assert.Equal(new[] { "completed", "cancelled" }, result.Runs.Select(r => r.Status));
        // the finished run is in the store, and a rerun resumes: it skips it and retrains the cancelled one
        var again = SuiteRunner.Run(spec, Options(dir));
        Assert.Equal(new[] { spec.Expand()[0].RunId }, again.Skipped);
        Assert.Equal(2, again.Runs.Count);
        Assert.All(again.Runs, r => Assert.Equal("completed", r.Status));
        // the result store replaced the cancelled attempt: each run once, with all its epochs, from two sessions
        var store = GapLab.Store.ResultStore.Open(dir);
        var runs = store.Query("SELECT r.run_id, r.status, r.epochs, count(e.epoch)::INTEGER AS n FROM runs r LEFT JOIN epochs e USING (run_id) GROUP BY ALL ORDER BY r.run_id");
        Assert.Equal(spec.Expand().Select(r => r.RunId).Order(StringComparer.Ordinal), runs["run_id"].Cast<string>());
        Assert.All(runs["status"].Cast<string>(), s => Assert.Equal("completed", s));
        Assert.Equal(new int?[] { 3, 3, 3 }, runs["n"].Cast<int?>());
        Assert.Equal(2L, store.Query("SELECT count(*) FROM sessions WHERE command = 'run' AND finished_utc IS NOT NULL").Columns[0][0]);
    }

    [Fact]
    public void SameSettingsGiveIdenticalRecordsAndSavedWeightsRebuildTheModel()
    {
        var a = SuiteRunner.Run(Tiny(), Options(TempDir())).Runs.Single();
        var dir = TempDir();
        var b = SuiteRunner.Run(Tiny(), Options(dir) with { SaveWeights = true }).Runs.Single();
        Assert.Equal(a.TrainLoss, b.TrainLoss);
        Assert.Equal(a.TestAcc, b.TestAcc);
        Assert.Equal(a.DatasetFingerprint, b.DatasetFingerprint);
        Assert.True(File.Exists(b.WeightsFile));
        Assert.True(File.Exists(b.InitWeightsFile));
        using var model = GapLab.Weights.ModelWeights.LoadModel(b.WeightsFile!);
        Assert.Equal(b.Model, model.Spec);
        Assert.Equal(b.Params, model.ParameterCount);
    }

    sealed class InlineProgress(Action<SuiteProgress> a) : IProgress<SuiteProgress>
    {
        public void Report(SuiteProgress value) => a(value);
    }
}

public class SuiteDatasetResolutionTests
{
    [Theory]
    [InlineData(null, null, "fashion-mnist-embedded")]
    [InlineData("/data/fmnist", null, "fashion-mnist")]
    [InlineData("/data/mnist", "mnist", "mnist")]
    [InlineData(null, "two-spirals", "two-spirals")]
    public void DataFolderWithoutDatasetMeansFullFashionMnist(string? dir, string? dataset, string expected)
    {
        var options = new SuiteRunOptions { DataDir = dir, DatasetOverride = dataset };
        Assert.Equal(expected, SuiteRunner.ResolveDatasetName(BuiltInSuites.Default, options));
    }
}

public class BuiltInSuiteTests
{
    [Fact]
    public void EveryBuiltInSuiteIsValidAndItsModelsBuild()
    {
        GapLab.Runtime.TorchRuntime.EnsureLoaded();
        foreach (var suite in BuiltInSuites.All)
        {
            suite.Validate(suite.Name);
            var input = new GapLab.Models.InputShape(1, 28, 28, 10);
            foreach (var model in suite.Models)
                using (GapLab.Models.ModelRegistry.Create(model, input)) { }
            Assert.Same(suite, BuiltInSuites.Resolve(suite.Name.ToUpperInvariant()));
        }
        Assert.Equal(64, BuiltInSuites.Pgdl.Expand().Count);
        Assert.Equal(12, BuiltInSuites.Default.Expand().Count);
    }
}
