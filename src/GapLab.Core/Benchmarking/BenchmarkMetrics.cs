using GapLab.Benchmarking.Statistics;

namespace GapLab.Benchmarking;

/// <summary>The metrics a benchmark compares between evaluations (definitions in docs/benchmarks-over-time.md).</summary>
public static class BenchmarkMetrics
{
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

    public static IReadOnlyList<BenchmarkMetric> All { get; } = [Accuracy, Gap, CalibrationError, WorstClassAccuracy, CorruptionRobustness, OodRobustness];

    public static IReadOnlyList<string> Names { get; } = All.Select(m => m.Name).ToArray();

    public static BenchmarkMetric Get(string name) => All.FirstOrDefault(m => m.Name == name)
        ?? throw new ArgumentException($"unknown benchmark metric '{name}'; accepted: {string.Join(", ", Names)}.");

    static double MeanAccuracy(ModelEvaluation m, Func<string, bool> which, int[] idx)
    {
        var sets = m.TestSets.Where(kv => which(kv.Key)).Select(kv => kv.Value).ToArray();
        return sets.Length == 0 ? double.NaN : sets.Average(s => s.Accuracy(idx));
    }
}
