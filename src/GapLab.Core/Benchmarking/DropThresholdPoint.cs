namespace GapLab.Benchmarking;

/// <summary>
/// How much of one corruption one model tolerates in one evaluation: the interpolated severity at which its accuracy first falls more than
/// <see cref="Drop"/> below its clean accuracy (<see cref="Quality.CorruptionDropThreshold"/>; null = not within the protocol's severities),
/// with its percentile-bootstrap interval over test images [<see cref="Low"/>, <see cref="High"/>] at <see cref="Confidence"/>
/// (<see cref="Resamples"/> resamples drawn with <see cref="Seed"/>; each resample recomputes the clean and corrupted accuracies on the same
/// image multiset). A null bound lies beyond the protocol's highest severity: in that share of resamples (<see cref="Unreached"/> in all)
/// accuracy never fell that far.
/// </summary>
public sealed record DropThresholdPoint(string EvalId, DateTime StartedUtc, string DataLabel, string RunId, string Corruption, double Drop, double? Severity,
    double? Low, double? High, double Unreached, int Resamples, int Seed, double Confidence);
