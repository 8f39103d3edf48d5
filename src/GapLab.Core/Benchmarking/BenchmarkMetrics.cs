using GapLab.Benchmarking.Statistics;
using GapLab.Quality;

namespace GapLab.Benchmarking;

/// <summary>The frozen scale of a benchmark's QUBA: the normalisation made on evaluation <see cref="EvalId"/>'s <see cref="Models"/> models and the dimensions it covers.</summary>
public sealed record QubaScale(QubaNormalization Normalization, IReadOnlyList<QualityDimension> Dimensions, string EvalId, int Models)
{
    /// <summary>One line naming the scale and every dimension's mean and standard deviation (a small deviation makes that dimension dominate QUBA's changes).</summary>
    public string Describe() => $"QUBA z-scores frozen on the {Models} models of evaluation {EvalId}: " + string.Join(", ", Dimensions.Select(d =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{d.DisplayName()} mean {Normalization.Mean[(int)d]:G4} sd {Normalization.Std[(int)d]:G4}")));
}

/// <summary>The metrics a benchmark compares between evaluations (definitions in docs/benchmarks-over-time.md).</summary>
public static class BenchmarkMetrics
{
    /// <summary>The protocol metric that stands for one <c>drop_threshold:CORRUPTION</c> metric per corruption of the protocol.</summary>
    public const string DropThresholdPrefix = "drop_threshold";

    public static BenchmarkMetric Accuracy { get; } = new("accuracy", true, "fraction of clean test images classified correctly",
        (m, idx) => m.Clean.Accuracy(idx));

    public static BenchmarkMetric Gap { get; } = new("gap", false, "train accuracy (from training) minus clean test accuracy",
        (m, idx) => m.TrainAccuracy - m.Clean.Accuracy(idx));

    public static BenchmarkMetric CalibrationError { get; } = new("calibration_error", false, "top-label ECE, 15 equal-width bins, clean test set",
        (m, idx) => TopLabelCalibrationError.Compute(m.Clean.Confidence, m.Clean.Correct, idx));

    public static BenchmarkMetric WorstClassAccuracy { get; } = new("worst_class_accuracy", true, "lowest per-class accuracy on the clean test set",
        (m, idx) => PerClassAccuracy.Worst(m.Clean.Labels, m.Clean.Correct, idx, m.Classes).Accuracy);

    public static BenchmarkMetric CorruptionRobustness { get; } = new("corruption_robustness", true, "mean accuracy over the protocol's corruptions x severities",
        (m, idx) => MeanAccuracy(m, BenchmarkTestSets.IsCorruption, idx));

    public static BenchmarkMetric OodRobustness { get; } = new("ood_robustness", true, "mean accuracy over the protocol's domain shifts of the test set",
        (m, idx) => MeanAccuracy(m, BenchmarkTestSets.IsOod, idx));

    public static BenchmarkMetric PgdAccuracy { get; } = new("pgd_accuracy", true, "accuracy on the model's own PGD-attacked clean test images",
        (m, idx) => MeanAccuracy(m, s => BenchmarkTestSets.IsAttack(s, BenchmarkTestSets.Pgd), idx));

    public static BenchmarkMetric AdversarialRobustness { get; } = new("adversarial_robustness", true,
        "gmean(PGD accuracy / clean accuracy, FGSM accuracy / clean accuracy), as gaplab quality's dimension", AdversarialValue);

    /// <summary>Names a protocol's <c>metrics</c> accepts; <c>quba</c> and <c>drop_threshold</c> are built per benchmark (<see cref="For"/>).</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["accuracy", "gap", "calibration_error", "worst_class_accuracy", "corruption_robustness", "ood_robustness", "pgd_accuracy", "adversarial_robustness", "quba", DropThresholdPrefix];

    static IReadOnlyList<BenchmarkMetric> Fixed { get; } = [Accuracy, Gap, CalibrationError, WorstClassAccuracy, CorruptionRobustness, OodRobustness, PgdAccuracy, AdversarialRobustness];

    /// <summary>One of the fixed metrics by name (not <c>quba</c> or <c>drop_threshold</c>, which depend on the benchmark: <see cref="For"/>).</summary>
    public static BenchmarkMetric Get(string name) => Fixed.FirstOrDefault(m => m.Name == name)
        ?? throw new ArgumentException(Names.Contains(name)
            ? $"benchmark metric '{name}' depends on the benchmark (its corruptions or QUBA scale); build it with BenchmarkMetrics.For(protocol, scale)."
            : $"unknown benchmark metric '{name}'; accepted: {string.Join(", ", Names)}.");

    /// <summary>
    /// The metrics a protocol judges, in its order: <c>drop_threshold</c> becomes one metric per corruption, <c>quba</c> is scored with
    /// <paramref name="quba"/> (left out when null: no normalisation could be made).
    /// </summary>
    public static IReadOnlyList<BenchmarkMetric> For(BenchmarkProtocol protocol, QubaScale? quba)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        var list = new List<BenchmarkMetric>();
        foreach (var name in protocol.Metrics)
        {
            if (name == DropThresholdPrefix) list.AddRange(protocol.Corruptions.Select(DropThreshold));
            else if (name == "quba") { if (quba is not null) list.Add(Quba(quba)); }
            else list.Add(Get(name));
        }
        return list;
    }

    /// <summary>
    /// How much of <paramref name="corruption"/> a model tolerates: the drop threshold of <c>gaplab quality</c> (<see cref="CorruptionDropThreshold"/>,
    /// drop <see cref="BenchmarkHistory.Drop"/>) on the image multiset; when accuracy never falls that far it counts as the highest measured
    /// severity (censored: a change judged on censored values has the sign of the true change, and at most its size).
    /// </summary>
    public static BenchmarkMetric DropThreshold(string corruption) => new($"{DropThresholdPrefix}:{corruption}", true,
        $"severity at which accuracy first falls {BenchmarkHistory.Drop} below clean under {corruption} (interpolated; unreached = highest severity)",
        (m, idx) => DropSeverity(m, corruption, idx));

    /// <summary>The drop threshold of <paramref name="corruption"/> on <paramref name="idx"/>, censored at the highest severity; NaN without its sets.</summary>
    public static double DropSeverity(ModelEvaluation m, string corruption, int[] idx)
    {
        var sets = m.TestSets.Where(kv => BenchmarkTestSets.IsCorruption(kv.Key))
            .Select(kv => (Key: BenchmarkTestSets.ParseCorruption(kv.Key), Predictions: kv.Value)).Where(s => s.Key.Name == corruption).ToList();
        if (sets.Count == 0) return double.NaN;
        var table = new CorruptionAccuracyTable(m.RunId, m.Clean.Accuracy(idx),
            sets.Select(s => new CorruptionAccuracy(corruption, s.Key.Severity, s.Predictions.Accuracy(idx))).ToList(), idx.Length, 0);
        return CorruptionDropThreshold.Compute(table, BenchmarkHistory.Drop).Severity[corruption] ?? sets.Max(s => s.Key.Severity);
    }

    /// <summary>Weights of the benchmark's QUBA: the paper's default for the dimensions a benchmark measures, 0 for the others.</summary>
    public static QubaWeights QubaWeightsFor(IReadOnlyCollection<QualityDimension> measured) =>
        QubaWeights.FromDictionary(measured.ToDictionary(d => d, d => QubaWeights.Default[d]), "benchmark (default weights of the measured dimensions)");

    /// <summary>
    /// The QUBA dimensions of one model on an image multiset, as <c>gaplab quality</c> defines them: accuracy, adversarial robustness (when
    /// the protocol attacks), corruption and OOD robustness (mean accuracy relative to clean), top-label ECE. Class balance (it needs the
    /// softmax of the true class, which the benchmark does not store), object focus and shape bias (ImageNet only) and the parameter count
    /// (constant per model) are not measured. A dimension without data or undefined on the multiset (clean accuracy 0) is left out.
    /// </summary>
    public static Dictionary<QualityDimension, double> QubaDimensions(ModelEvaluation m, int[] idx)
    {
        double clean = m.Clean.Accuracy(idx);
        var d = new Dictionary<QualityDimension, double>
        {
            [QualityDimension.Accuracy] = clean,
            [QualityDimension.CalibrationError] = TopLabelCalibrationError.Compute(m.Clean.Confidence, m.Clean.Correct, idx),
        };
        void Put(QualityDimension k, double v) { if (double.IsFinite(v)) d[k] = v; }
        Put(QualityDimension.AdversarialRobustness, AdversarialValue(m, idx));
        Put(QualityDimension.CorruptionRobustness, MeanAccuracy(m, BenchmarkTestSets.IsCorruption, idx) / clean);
        Put(QualityDimension.OodRobustness, MeanAccuracy(m, BenchmarkTestSets.IsOod, idx) / clean);
        return d;
    }

    /// <summary>
    /// The frozen QUBA scale of a benchmark: mean and standard deviation (ddof 0) of every dimension all of <paramref name="reference"/>'s
    /// models have, over those models on all their images. Null with the reason when it cannot be made (fewer than 2 models, or a
    /// dimension without spread).
    /// </summary>
    public static (QubaScale? Scale, string? WhyNot) QubaScaleOf(IReadOnlyList<ModelEvaluation> reference, string evalId)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Count < 2) return (null, $"QUBA is not judged: its z-scores need at least 2 models in evaluation {evalId}, which has {reference.Count}.");
        var dims = reference.Select(m => QubaDimensions(m, All(m.Clean.Count))).ToList();
        var common = QualityDimensions.All.Where(d => dims.All(x => x.ContainsKey(d))).ToList();
        try
        {
            var normalization = QubaNormalization.FromPopulation(
                dims.Select(x => (IReadOnlyDictionary<QualityDimension, double>)common.ToDictionary(d => d, d => x[d])).ToList(), $"benchmark evaluation {evalId}");
            return (new QubaScale(normalization, common, evalId, reference.Count), null);
        }
        catch (ArgumentException e) { return (null, $"QUBA is not judged: {e.Message}"); }
    }

    /// <summary>QUBA of a model on an image multiset over <paramref name="scale"/>'s dimensions, z-scored with its frozen means and deviations.</summary>
    public static BenchmarkMetric Quba(QubaScale scale)
    {
        ArgumentNullException.ThrowIfNull(scale);
        var weights = QubaWeightsFor(scale.Dimensions);
        return new BenchmarkMetric("quba", true, $"QUBA of {string.Join(", ", scale.Dimensions.Select(d => d.DisplayName()))}, z-scores frozen on evaluation {scale.EvalId}", (m, idx) =>
        {
            try { return QubaScore.Compute(QubaDimensions(m, idx), weights, scale.Normalization).Score; }
            catch (ArgumentException) { return double.NaN; }
        });
    }

    static double AdversarialValue(ModelEvaluation m, int[] idx)
    {
        double clean = m.Clean.Accuracy(idx);
        double fgsm = MeanAccuracy(m, s => BenchmarkTestSets.IsAttack(s, BenchmarkTestSets.Fgsm), idx), pgd = MeanAccuracy(m, s => BenchmarkTestSets.IsAttack(s, BenchmarkTestSets.Pgd), idx);
        return double.IsNaN(fgsm) || double.IsNaN(pgd) || !(clean > 0) ? double.NaN : Quality.AdversarialRobustness.RelativeRobustAccuracy(clean, pgd, fgsm);
    }

    static double MeanAccuracy(ModelEvaluation m, Func<string, bool> which, int[] idx)
    {
        var sets = m.TestSets.Where(kv => which(kv.Key)).Select(kv => kv.Value).ToArray();
        return sets.Length == 0 ? double.NaN : sets.Average(s => s.Accuracy(idx));
    }

    static int[] All(int n) => Enumerable.Range(0, n).ToArray();
}
