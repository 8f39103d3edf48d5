namespace GapLab.Benchmarking.Statistics;

/// <summary>Best, median and worst value of a metric over the seeds of one configuration, and how many seeds.</summary>
public sealed record SeedSpreadResult(double Best, double Median, double Worst, int Seeds);

/// <summary>
/// Spread over training seeds: best and worst by the metric's direction, median = middle order statistic (mean of the two middle ones for an even count).
/// Source: reporting practice of Bouthillier et al. (2021) "Accounting for Variance in Machine Learning Benchmarks", MLSys.
/// </summary>
public static class SeedSpread
{
    public static SeedSpreadResult Compute(IReadOnlyList<double> values, bool higherIsBetter)
    {
        ArgumentNullException.ThrowIfNull(values);
        var v = values.Where(double.IsFinite).OrderBy(x => x).ToArray();
        if (v.Length == 0) return new SeedSpreadResult(double.NaN, double.NaN, double.NaN, 0);
        int h = v.Length / 2;
        double median = v.Length % 2 == 1 ? v[h] : (v[h - 1] + v[h]) / 2;
        return higherIsBetter ? new SeedSpreadResult(v[^1], median, v[0], v.Length) : new SeedSpreadResult(v[0], median, v[^1], v.Length);
    }
}
