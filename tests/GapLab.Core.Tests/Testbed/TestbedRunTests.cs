using GapLab.Analysis;
using GapLab.Core.Tests.Weights;
using GapLab.Models;
using GapLab.Testbed;
using TorchSharp;
using static TorchSharp.torch;
using GapLab.IO;

namespace GapLab.Core.Tests.Testbed;

public class TestbedRunTests
{
    public TestbedRunTests() => GapLab.Runtime.TorchRuntime.EnsureLoaded();

    /// <summary>1 size x 2 SSIM levels x 2 k on 7 classes x (30 train + 15 test) images, 1 epoch.</summary>
    static readonly TestbedConfig Tiny = new()
    {
        Name = "tiny",
        Models = ["cnn:blocks=1,bn=true,width=0.125"],
        SeenClasses = [0, 1, 2, 3, 4],
        UnseenOrder = [5, 6],
        UnseenCounts = [0, 2],
        SsimLevels = [1.0, 0.7],
        TrainPerClass = 30,
        TestPerClass = 15,
        Epochs = 1,
        ProbeEpochs = 2,
        BatchSize = 32,
        TradeOff = new TradeOffOptions { GridPoints = 21 },
    };

    [Fact]
    public void ABackboneThatDivergedOrEndedAtChanceIsNamedAndStopsTheTestbed()
    {
        // chance 1/5 = 0.2 and 2 standard errors over 100 images: 2 sqrt(0.2 * 0.8 / 100) = 0.08 -> bar 0.28
        Assert.Equal("ended at chance: seen-class test accuracy 0.2800 <= 0.2800 (chance 0.2000 + 2 standard errors over 100 images)",
            GapLab.Testbed.Testbed.BackboneProblem(GapLab.Training.TrainStatus.Completed, 0.28, 5, 100));
        Assert.Null(GapLab.Testbed.Testbed.BackboneProblem(GapLab.Training.TrainStatus.Completed, 0.2801, 5, 100));
        Assert.Null(GapLab.Testbed.Testbed.BackboneProblem(GapLab.Training.TrainStatus.Completed, double.NaN, 5, 100));
        Assert.Equal("diverged (a non-finite training loss)", GapLab.Testbed.Testbed.BackboneProblem(GapLab.Training.TrainStatus.Diverged, 0.9, 5, 100));
        // a learning rate of 1e30 makes the loss non-finite within the first epoch: the run stops before any probe, naming the backbone
        var e = Assert.Throws<InvalidDataException>(() => GapLab.Testbed.Testbed.Run(Tiny with { LearningRate = 1e30, UnseenCounts = [0], SsimLevels = [1.0] },
            new TestbedRunOptions { Torch = new(Device: "cpu") }));
        Assert.StartsWith("testbed 'tiny': backbone cnn:blocks=1,bn=true,width=0.125 diverged (a non-finite training loss)", e.Message);
        Assert.Contains("probing it would measure nothing", e.Message);
        // Tiny's one epoch on 150 images ends at chance (test accuracy 0.2 over 75 images): stopped when asked
        e = Assert.Throws<InvalidDataException>(() => GapLab.Testbed.Testbed.Run(Tiny with { StopOnChanceBackbone = true, UnseenCounts = [0], SsimLevels = [1.0] },
            new TestbedRunOptions { Torch = new(Device: "cpu") }));
        Assert.Contains("ended at chance: seen-class test accuracy 0.", e.Message);
        Assert.Contains("(chance 0.2000 + 2 standard errors over 75 images)", e.Message);
    }

    [Fact]
    public void TinyTestbedRunsEndToEndAndWritesItsTables()
    {
        var stages = new List<string>();
        var result = GapLab.Testbed.Testbed.Run(Tiny, new TestbedRunOptions { Torch = new(Device: "cpu") }, new SyncProgress(p => stages.Add(p.Stage)));
        Assert.Equal(4, result.Cells.Count);
        Assert.Contains("backbone", stages);
        Assert.Contains("probe", stages);
        var originals = result.Cells.Where(c => c.SsimTarget == 1.0).ToArray();
        Assert.All(originals, c => Assert.Equal(1.0, c.AchievedSsim, 12));
        var distorted = result.Cells.Where(c => c.SsimTarget == 0.7).ToArray();
        Assert.InRange(result.Provenance.Distortions.Single(d => d.Target == 0.7).AchievedSsim, 0.695, 0.705);
        Assert.All(distorted, c => Assert.InRange(c.AchievedSsim, 0.6, 0.8)); // a subset's mean stays near the level
        var k2 = result.Cells.Where(c => c.UnseenClasses == 2).ToArray();
        Assert.All(k2, c => { Assert.Equal(7, c.ClassCount); Assert.Equal(105, c.TestCount); Assert.Equal(2.0 / 7, c.ZeroShotFraction, 12); });
        Assert.All(result.Cells.Where(c => c.UnseenClasses == 0), c => Assert.Equal(75, c.TestCount));
        foreach (var c in result.Cells)
        {
            Assert.Equal(1 - c.Accuracy, Enumerable.Range(0, c.ClassCount).Sum(t => c.ClassErrors[t] * 15) / c.TestCount, 10); // balanced classes
            Assert.Equal(c.ClassErrors.Average(), c.F1MeanError, 12);
            Assert.Equal(c.TestCount, c.Confusion.Cast<long>().Sum());
        }
        Assert.Equal(2 + 2 + 1, result.Marginals.Count);
        Assert.InRange(result.TradeOff.SsimLowerBound, 0.7, 1.0);
        Assert.InRange(result.TradeOff.ZeroShotUpperBound, 0, 2.0 / 7 + 1e-12);
        Assert.Equal(result.Provenance.Backbones.Single().Parameters, result.TradeOff.ModelSizeLowerBound);
        Assert.Equal(2, result.Provenance.Probes.Count);
        // the backbone ended at chance; probed anyway (StopOnChanceBackbone is false), its record and the progress say so
        Assert.StartsWith("completed; ended at chance", result.Provenance.Backbones.Single().Status);

        using var dir = new TempDirectory();
        var files = TestbedOutput.Write(result, dir.Path);
        var cells = CsvTable.Read(files.CellsCsv);
        Assert.Equal(4, cells.Rows.Count);
        foreach (var column in new[] { "ssim_target", "achieved_ssim", "route", "unseen_classes", "zero_shot_fraction", "f1_mean_error", "f6_p10_kappa_distance", "class_error_list", "confusion_rows" })
            Assert.Contains(column, cells.Header);
        Assert.Equal(5, CsvTable.Read(files.MarginalsCsv).Rows.Count);
        Assert.Contains("\"ssim_lower_bound\"", File.ReadAllText(files.TradeOffJson));
        // Table 3's measures on the one backbone; SE_g needs two backbones, so each row says so instead of a number
        Assert.Equal(["INVERSE_MARGIN", "LOG_SUM_OF_FRO", "PARAM_NORM"], result.BackboneMeasures.Select(m => m.Measure));
        Assert.All(result.BackboneMeasures, m => Assert.True(double.IsFinite(m.Value), $"{m.Measure} = {m.Value}")); // LOG_SUM_OF_FRO may be negative
        Assert.Equal(6, result.SignErrors.Count);
        Assert.All(result.SignErrors, r => Assert.Equal("needs at least two backbones", r.Note));
        Assert.Equal(6, CsvTable.Read(files.SignErrorsCsv!).Rows.Count);
        Assert.Equal(3, CsvTable.Read(files.MeasuresCsv!).Rows.Count);
    }

    [Fact]
    public void With_ssim_per_cell_every_cell_meets_its_target_on_its_own_images()
    {
        var config = Tiny with { SsimPerCell = true, Measures = [] };
        var shared = GapLab.Testbed.Testbed.Run(Tiny with { Measures = [] }, new TestbedRunOptions { Torch = new(Device: "cpu") });
        var perCell = GapLab.Testbed.Testbed.Run(config, new TestbedRunOptions { Torch = new(Device: "cpu") });
        // one distortion per (k, level), each over that k's test images: 75 (k = 0) and 105 (k = 2)
        Assert.Equal([0, 0, 2, 2], perCell.Provenance.Distortions.Select(d => d.UnseenClasses ?? -1));
        Assert.All(shared.Provenance.Distortions, d => Assert.Null(d.UnseenClasses));
        foreach (var c in perCell.Cells.Where(c => c.SsimTarget == 0.7))
        {
            Assert.InRange(c.AchievedSsim, 0.7 - config.SsimTolerance, 0.7 + config.SsimTolerance);
            var record = perCell.Provenance.Distortions.Single(d => d.UnseenClasses == c.UnseenClasses && d.Target == 0.7);
            Assert.Equal(record.AchievedSsim, c.AchievedSsim, 12); // the cell's own images are the distorted set
        }
        // the undistorted cells are the same either way
        foreach (var c in perCell.Cells.Where(c => c.SsimTarget == 1.0))
            Assert.Equal(shared.Cells.Single(s => s.SsimTarget == 1.0 && s.UnseenClasses == c.UnseenClasses).F1MeanError, c.F1MeanError, 12);
    }

    [Fact]
    public void PenultimateFeaturesFeedTheClassifier()
    {
        foreach (var spec in new[] { "cnn:blocks=1,width=0.125", "mlp:depth=1,width=16", "resnet:depth=8,width=0.25" })
        {
            GapLab.Runtime.TorchEnvironment.Seed(0);
            using var model = ModelRegistry.Create(spec, new InputShape(1, 8, 8, 3));
            using var scope = NewDisposeScope();
            var x = rand(5, 1, 8, 8);
            var (name, head) = PenultimateFeatures.FindClassifier(model.Module);
            Assert.Contains(name, new[] { "classifier", "layers.3", "fc" });
            var features = PenultimateFeatures.Extract(model.Module, x, batchSize: 2);
            Assert.Equal(5, features.shape[0]);
            model.Module.eval();
            using var noGrad = no_grad();
            Assert.True(head.forward(features).allclose(model.Module.forward(x), 1e-5, 1e-5), spec);
        }
        using var nin = ModelRegistry.Create("nin", new InputShape(1, 8, 8, 3));
        Assert.Contains("has no Linear layer", Assert.Throws<ArgumentException>(() => PenultimateFeatures.FindClassifier(nin.Module)).Message);
    }

    sealed class SyncProgress(Action<TestbedProgress> a) : IProgress<TestbedProgress>
    {
        public void Report(TestbedProgress value) => a(value);
    }
}
