namespace GapLab.Benchmarking;

/// <summary>
/// The verdict on a metric's change: significant (McNemar p &lt; 1 - confidence for paired accuracy, otherwise the interval excludes 0) and
/// better or worse by the metric's direction; a regression larger than the protocol's tolerance fails <c>compare</c>.
/// </summary>
public static class BenchmarkVerdict
{
    public const string Improvement = "improvement", Regression = "regression", NoSignificantChange = "no significant change";

    public static string Decide(double delta, double low, double high, double? pValue, bool higherIsBetter, double confidence)
    {
        if (!double.IsFinite(delta)) return NoSignificantChange;
        bool significant = pValue is { } p ? p < 1 - confidence : low > 0 || high < 0;
        if (!significant || delta == 0) return NoSignificantChange;
        return (delta > 0) == higherIsBetter ? Improvement : Regression;
    }
}
