namespace GapLab.Benchmarking;

/// <summary>
/// The change of one metric of one model between two evaluations: both values, Δ = current - baseline with its bootstrap interval, the
/// McNemar p-value (paired accuracy only), the verdict, and whether it is a regression beyond the tolerance.
/// </summary>
public sealed record MetricChange(string RunId, string Model, int Seed, string Metric, bool HigherIsBetter, double Baseline, double Current,
    double Delta, double Low, double High, double? PValue, string Test, string Verdict, bool BeyondTolerance);
