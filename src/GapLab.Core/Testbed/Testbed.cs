using GapLab.IO;
using System.Diagnostics;
using GapLab.Data;
using GapLab.Metrics.Complexity;
using GapLab.Metrics.Similarity;
using GapLab.Models;
using GapLab.Runtime;
using GapLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Testbed;

/// <summary>Where a testbed runs: the dataset folder (CIFAR, full Fashion-MNIST) and the device/threads settings (the seed is the config's).</summary>
public sealed record TestbedRunOptions
{
    public string? DataDir { get; init; }
    public TorchSettings Torch { get; init; } = new();
}

/// <summary>
/// Runs Huang et al.'s 3-D testbed (spec metrics.md 1.2-1.7). Steps: (1) the test images of the seen classes and the first max(k) unseen
/// classes are distorted once per SSIM level (<see cref="SsimTargetDistorter"/>), or with <see cref="TestbedConfig.SsimPerCell"/> once per level for
/// each k's own test images, so every cell meets its target; each cell's achieved SSIM is the mean over its own images.
/// (2) Each backbone is trained on the seen classes (<see cref="Trainer"/>), then frozen. (3) Per k, a new Linear probe is trained on the
/// penultimate features (<see cref="PenultimateFeatures"/>) of the undistorted training images of the seen + k unseen classes, and evaluated on
/// each distorted test set: one <see cref="TestbedCell"/> per (level, k, model); the configured complexity measures of each backbone are
/// computed before it is frozen. (4) Marginals, the trade-off point and the SE_g table (<see cref="TestbedSignErrors"/>).
/// Deviations from the reference code: no early stopping of the probe on the test split (fixed epochs), no per-image augmentation of
/// unseen-class test images, probe on penultimate features instead of the backbone's logits. Cancelling throws <see cref="OperationCanceledException"/>.
/// </summary>
public static class Testbed
{
    public static TestbedResult Run(TestbedConfig config, TestbedRunOptions? options = null, IProgress<TestbedProgress>? progress = null, CancellationToken ct = default)
    {
        GapLab.Runtime.SelfCheck.KernelSelfCheck.EnsureChecked(); // verified kernels before the first evaluation
        ArgumentNullException.ThrowIfNull(config);
        config.Validate(config.Name);
        options ??= new TestbedRunOptions();
        var started = DateTime.UtcNow;
        var wall = Stopwatch.StartNew();
        var runtime = TorchEnvironment.Apply(options.Torch with { Seed = config.Seed });
        var device = TorchEnvironment.ResolveDevice(options.Torch.Device);
        var split = DatasetCatalog.Load(config.Dataset, options.DataDir);
        if (!split.Train.IsImage)
            throw new ArgumentException($"Dataset '{config.Dataset}' has samples of shape [{string.Join(",", split.Train.SampleShape)}]: the testbed needs images [C,H,W] (SSIM axis).");
        int maxClass = config.SeenClasses.Concat(config.UnseenOrder).Max();
        if (maxClass >= split.Train.NumClasses)
            throw new ArgumentException($"Testbed '{config.Name}' uses class {maxClass} but dataset '{config.Dataset}' has classes 0..{split.Train.NumClasses - 1}.");

        int seen = config.SeenClasses.Count, kMax = config.UnseenCounts.Max();
        var train = Cap(ClassSplit.SeenPlusUnseen(split.Train, config.SeenClasses, config.UnseenOrder, kMax), config.TrainPerClass, config.Seed);
        var test = Cap(ClassSplit.SeenPlusUnseen(split.Test, config.SeenClasses, config.UnseenOrder, kMax), config.TestPerClass, config.Seed + 1);
        var levels = config.SsimLevels.Order().ToArray();
        var ks = config.UnseenCounts.Order().ToArray();
        var ssimOptions = SsimOptions.Default;

        using var runScope = NewDisposeScope();
        var (testX, testY) = test.ToTensors(device);
        var (trainX, trainY) = train.ToTensors(device);

        // (1) distortions, one per level over every test image, or with ssim_per_cell one per level for each k's own test images
        int kSets = config.SsimPerCell ? ks.Length : 1;
        progress?.Report(new TestbedProgress(TestbedStage.Distort, 0, levels.Length * kSets, config.SsimPerCell
            ? $"distorting the test images of each of {ks.Length} unseen count(s) to {levels.Length} SSIM level(s) ({config.Route})"
            : $"distorting {test.Count} test images to {levels.Length} SSIM level(s) ({config.Route})"));
        var distortionOptions = new DistortionOptions { Tolerance = config.SsimTolerance, AutoencoderEpochs = config.AutoencoderEpochs, Ssim = ssimOptions };
        var fitImages = config.Route == DistortionRoute.Autoencoder && config.AutoencoderData == AutoencoderData.Train ? trainX : null;
        var sets = new List<DistortionSet>();
        var distortionRecords = new List<DistortionRecord>();
        for (int s = 0; s < kSets; s++)
        {
            int? setK = config.SsimPerCell ? ks[s] : null;
            int[] setRows = setK is int kk ? Rows(test, seen + kk) : Enumerable.Range(0, test.Count).ToArray();
            var distortWatch = Stopwatch.StartNew();
            using var setIndex = setK is null ? null : tensor(setRows.Select(r => (long)r).ToArray(), device: device);
            var images = setIndex is null ? testX : testX.index_select(0, setIndex);
            var results = SsimTargetDistorter.Distort(images, levels, config.Route, config.Seed, distortionOptions, ct, fitImages).ToArray();
            double seconds = distortWatch.Elapsed.TotalSeconds;
            sets.Add(new DistortionSet(setK, setRows, results, results.Select(d => PerImageSsim(d.Images, images, ssimOptions)).ToArray()));
            distortionRecords.AddRange(results.Select(d => new DistortionRecord(d.TargetSsim, d.AchievedSsim, d.Route, d.Severity, d.Reached, seconds / levels.Length) { UnseenClasses = setK }));
        }
        progress?.Report(new TestbedProgress(TestbedStage.Distort, levels.Length * kSets, levels.Length * kSets,
            string.Join(", ", distortionRecords.Select(r => FormattableString.Invariant($"{(r.UnseenClasses is int rk ? $"k={rk} " : "")}{r.Target:0.###}->{r.AchievedSsim:F4}")))));

        var cells = new List<TestbedCell>();
        var backbones = new List<BackboneRecord>();
        var probes = new List<ProbeRecord>();
        var measures = new List<BackboneMeasure>();
        var (backboneTrain, backboneTest) = (FirstClasses(train, seen), FirstClasses(test, seen));
        for (int m = 0; m < config.Models.Count; m++)
        {
            ct.ThrowIfCancellationRequested();
            using var modelScope = NewDisposeScope();
            string spec = config.Models[m];
            progress?.Report(new TestbedProgress(TestbedStage.Backbone, m, config.Models.Count, $"training {spec} on {backboneTrain.Count} images of {seen} seen classes"));
            TorchEnvironment.Seed(config.Seed + m);
            using var backbone = ModelRegistry.Create(spec, InputShape.Of(backboneTrain));
            var trained = Trainer.Train(backbone.Module, backboneTrain, backboneTest, new TrainOptions
            {
                Optimizer = config.Optimizer, LearningRate = config.LearningRate, Momentum = config.Momentum, WeightDecay = config.WeightDecay,
                Epochs = config.Epochs, BatchSize = config.BatchSize, Seed = config.Seed + m, Device = options.Torch.Device,
                EvaluateEveryEpoch = false, GradientNoiseBatches = 0,
            }, null, ct);
            if (trained.Status == TrainStatus.Cancelled) throw new OperationCanceledException($"testbed cancelled while training backbone {spec}", ct);
            string? problem = BackboneProblem(trained.Status, trained.Final?.TestAccuracy ?? double.NaN, seen, backboneTest.Count);
            if (problem is not null && (trained.Status == TrainStatus.Diverged || config.StopOnChanceBackbone))
                throw new InvalidDataException($"testbed '{config.Name}': backbone {spec} {problem}; probing it would measure nothing. " +
                    "Train it longer or with another learning rate (epochs, learning_rate) or remove it from models" +
                    (trained.Status == TrainStatus.Diverged ? "." : "; stop_on_chance_backbone false probes it anyway."));
            if (problem is not null)
                progress?.Report(new TestbedProgress(TestbedStage.Backbone, m, config.Models.Count, $"warning: {spec} {problem}; probed anyway (stop_on_chance_backbone is false)"));
            if (config.Measures.Count > 0)
            {
                progress?.Report(new TestbedProgress(TestbedStage.Backbone, m, config.Models.Count, $"{spec}: measures {string.Join(", ", config.Measures)}"));
                var values = ComplexityMeasures.Compute(backbone.Module, null, backboneTrain,
                    new MeasureOptions { Measures = string.Join(",", config.Measures), Seed = config.Seed + m }, null, ct);
                measures.AddRange(values.Select(v => new BackboneMeasure(m, backbone.Spec, backbone.ParameterCount, v.Name, v.Value, v.Notes)));
            }
            backbone.Module.eval();
            foreach (var p in backbone.Module.parameters()) p.requires_grad = false;
            var trainFeatures = PenultimateFeatures.Extract(backbone.Module, trainX);
            var setFeatures = sets.Select(set => set.Levels.Select(d => PenultimateFeatures.Extract(backbone.Module, d.Images)).ToArray()).ToArray();
            int featureDim = (int)trainFeatures.shape[1];
            backbones.Add(new BackboneRecord(backbone.Spec, backbone.ParameterCount, featureDim, trained.Status.Text() + (problem is null ? "" : "; " + problem),
                trained.Final?.TrainAccuracy ?? double.NaN, trained.Final?.TestAccuracy ?? double.NaN, trained.WallSeconds));

            int originalLevel = Array.FindIndex(levels, l => l >= 1 - 1e-12);
            foreach (int k in ks)
            {
                ct.ThrowIfCancellationRequested();
                using var probeScope = NewDisposeScope();
                int classes = seen + k;
                progress?.Report(new TestbedProgress(TestbedStage.Probe, m * ks.Length + Array.IndexOf(ks, k), config.Models.Count * ks.Length, $"{spec}: probe on {classes} classes (k = {k})"));
                var trainRows = Rows(train, classes);
                var testRows = Rows(test, classes);
                int setIndex = config.SsimPerCell ? Array.IndexOf(ks, k) : 0;
                var set = sets[setIndex];
                var levelFeatures = setFeatures[setIndex];
                var positions = set.PositionsOf(testRows);
                var probeTrain = FeatureDataset(trainFeatures, trainRows, train, trainRows, classes, "train");
                var probeTest = FeatureDataset(originalLevel >= 0 ? levelFeatures[originalLevel] : levelFeatures[^1], positions, test, testRows, classes, "test");
                TorchEnvironment.Seed(config.Seed + 1000 * (m + 1) + k);
                using var probe = nn.Linear(featureDim, classes);
                var probeRun = Trainer.Train(probe, probeTrain, probeTest, new TrainOptions
                {
                    Optimizer = "adamw", LearningRate = config.ProbeLearningRate, WeightDecay = 0.01, Epochs = config.ProbeEpochs,
                    BatchSize = config.ProbeBatchSize, Seed = config.Seed + k, Device = options.Torch.Device, EvaluateEveryEpoch = false, GradientNoiseBatches = 0,
                }, null, ct);
                if (probeRun.Status == TrainStatus.Cancelled) throw new OperationCanceledException($"testbed cancelled while training the k = {k} probe of {spec}", ct);
                probes.Add(new ProbeRecord(backbone.Spec, k, classes, probeRun.Status.Text(),
                    probeRun.Final?.TrainAccuracy ?? double.NaN, probeRun.Final?.TestAccuracy ?? double.NaN, probeRun.WallSeconds));

                using var rowIndex = tensor(testRows.Select(r => (long)r).ToArray(), device: device);
                using var positionIndex = tensor(positions.Select(r => (long)r).ToArray(), device: device);
                var labels = testRows.Select(r => (long)test.Labels[r]).ToArray();
                var y = testY.index_select(0, rowIndex);
                for (int l = 0; l < levels.Length; l++)
                {
                    using var cellScope = NewDisposeScope();
                    var eval = Evaluator.Evaluate(probe, levelFeatures[l].index_select(0, positionIndex), y, 1000, keepPredictions: true);
                    var stats = CellStatistics.FromPredictions(eval.Predictions!, labels, classes);
                    double achieved = positions.Average(i => set.Ssim[l][i]);
                    cells.Add(TestbedCell.Of(backbone.Spec, m, backbone.ParameterCount, set.Levels[l], achieved, seen, k, stats));
                }
            }
        }
        foreach (var d in sets.SelectMany(set => set.Levels)) d.Dispose();

        progress?.Report(new TestbedProgress(TestbedStage.TradeOff, 0, 1, "marginals and trade-off point"));
        var marginals = TestbedMarginal.From(cells);
        var point = TradeOffSolver.Solve(TestbedGrid.FromCells(cells, config.TradeOff.SizeScale, config.TradeOff.SsimCoordinate), config.TradeOff);
        var provenance = new TestbedProvenance(runtime, split.Train.Name, train.Fingerprint, test.Fingerprint, train.Count, test.Count,
            "scikit-image default (uniform 7x7, sample covariance, K1 0.01, K2 0.03, data range 1)", distortionRecords, backbones, probes, started, wall.Elapsed.TotalSeconds);
        return new TestbedResult(config, cells, marginals, point, provenance)
        {
            BackboneMeasures = measures,
            SignErrors = measures.Count > 0 ? TestbedSignErrors.Compute(cells, measures) : [],
        };
    }

    /// <summary>
    /// Why a trained backbone is unusable, or null: it diverged (non-finite loss), or its seen-class test accuracy a on n images is
    /// at most chance c = 1 / classes plus two standard errors, 2 sqrt(c (1 - c) / n). A NaN accuracy (not evaluated) passes.
    /// </summary>
    public static string? BackboneProblem(TrainStatus status, double testAccuracy, int classes, int testCount)
    {
        if (status == TrainStatus.Diverged) return "diverged (a non-finite training loss)";
        double chance = 1.0 / classes, bar = chance + 2 * Math.Sqrt(chance * (1 - chance) / Math.Max(1, testCount));
        return testAccuracy <= bar
            ? FormattableString.Invariant($"ended at chance: seen-class test accuracy {testAccuracy:F4} <= {bar:F4} (chance {chance:F4} + 2 standard errors over {testCount} images)")
            : null;
    }

    static Dataset Cap(Dataset d, int? perClass, long seed) =>
        perClass is { } n && n * d.NumClasses < d.Count ? Subsample.Stratified(d, n * d.NumClasses, unchecked((int)seed)) : d;

    /// <summary>The samples with labels below <paramref name="classes"/>, relabelled to a dataset of that many classes.</summary>
    static Dataset FirstClasses(Dataset d, int classes)
    {
        var rows = Rows(d, classes);
        var subset = d.Subset(rows, $"{d.Name}[first {classes}]");
        return new Dataset(subset.Name, subset.Features, subset.Labels, d.SampleShape, d.ClassNames.Take(classes).ToArray());
    }

    static int[] Rows(Dataset d, int classes) => Enumerable.Range(0, d.Count).Where(i => d.Labels[i] < classes).ToArray();

    /// <summary>The feature rows at <paramref name="positions"/> of <paramref name="features"/>, labelled with <paramref name="source"/>'s <paramref name="rows"/>.</summary>
    static Dataset FeatureDataset(Tensor features, int[] positions, Dataset source, int[] rows, int classes, string part)
    {
        using var scope = NewDisposeScope();
        using var idx = tensor(positions.Select(r => (long)r).ToArray(), device: features.device);
        var values = features.index_select(0, idx).cpu().contiguous().data<float>().ToArray();
        return new Dataset($"features-{part}", values, rows.Select(r => source.Labels[r]).ToArray(), [(int)features.shape[1]], source.ClassNames.Take(classes).ToArray());
    }

    static double[] PerImageSsim(Tensor distorted, Tensor original, SsimOptions o)
    {
        var result = new double[distorted.shape[0]];
        for (long start = 0; start < result.Length; start += 1000)
        {
            using var scope = NewDisposeScope();
            long len = Math.Min(1000, result.Length - start);
            Ssim.Pairwise(distorted.narrow(0, start, len), original.narrow(0, start, len), o).cpu().data<double>().ToArray().CopyTo(result, (int)start);
        }
        return result;
    }

    /// <summary>
    /// The distorted test images of one set of rows (every test image, or the seen + k classes' with ssim_per_cell): per level the result and
    /// the per-image SSIM, both in the order of <paramref name="Rows"/>.
    /// </summary>
    sealed record DistortionSet(int? UnseenClasses, int[] Rows, DistortionResult[] Levels, double[][] Ssim)
    {
        readonly Dictionary<int, int> _position = Rows.Select((r, i) => (r, i)).ToDictionary(p => p.r, p => p.i);

        /// <summary>Where each test row sits in this set.</summary>
        public int[] PositionsOf(int[] testRows) => testRows.Select(r => _position[r]).ToArray();
    }
}
