namespace GapLab.Benchmarking;

/// <summary>
/// How much of one corruption one model tolerates in one evaluation: the interpolated severity at which its accuracy first falls more than
/// <see cref="Drop"/> below its clean accuracy (<see cref="Quality.CorruptionDropThreshold"/>; null = not within the protocol's severities).
/// </summary>
public sealed record DropThresholdPoint(string EvalId, DateTime StartedUtc, string DataLabel, string RunId, string Corruption, double Drop, double? Severity);
