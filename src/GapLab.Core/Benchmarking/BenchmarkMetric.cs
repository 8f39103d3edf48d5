namespace GapLab.Benchmarking;

/// <summary>
/// A metric a benchmark tracks: its name, direction, a one-line definition, and how to compute it for one model on a multiset of test
/// image indices (all images, or a bootstrap resample; the indices address every test set of the evaluation, which share their images).
/// </summary>
public sealed record BenchmarkMetric(string Name, bool HigherIsBetter, string Definition, Func<ModelEvaluation, int[], double> Compute);
