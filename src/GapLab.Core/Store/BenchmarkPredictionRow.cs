namespace GapLab.Store;

/// <summary>
/// One test image as one model saw it in one evaluation (a row of <c>benchmark_predictions</c>): the test set (<c>clean</c>,
/// <c>corruption:NAME:SEVERITY</c> or a domain shift), the image's index and label, the predicted class and its softmax probability.
/// Every benchmark metric and its paired interval is computed from these rows.
/// </summary>
public sealed record BenchmarkPredictionRow(string EvalId, string RunId, string TestSet, int Sample, int Label, int Predicted, double Confidence);
