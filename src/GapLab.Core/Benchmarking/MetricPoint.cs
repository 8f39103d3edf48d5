namespace GapLab.Benchmarking;

/// <summary>
/// One metric of one model in one evaluation, for a time series: value with its percentile-bootstrap interval over test images, and the
/// change and verdict against the previous completed evaluation (null for the first).
/// </summary>
public sealed record MetricPoint(string EvalId, DateTime StartedUtc, string DataLabel, int Version, string RunId, string Metric, bool HigherIsBetter,
    double Value, double Low, double High, double? DeltaVsPrevious, string? Verdict, bool Regression);
