namespace GapLab.Metrics.Correlation;

/// <summary>A statistic with its percentile-bootstrap interval; <see cref="Resamples"/> counts the replicates that were finite.</summary>
public sealed record BootstrapEstimate(double Estimate, double Low, double High, int Resamples, int Seed, double Confidence);

/// <summary>
/// Seeded percentile bootstrap: replicate the statistic B times on resampled data; the interval is the (α/2, 1-α/2)
/// quantiles (linear interpolation) of the finite replicates. Source: Efron &amp; Tibshirani (1993), ch. 13.
/// </summary>
public static class BootstrapInterval
{
    /// <summary>Resamples n unit indices with replacement and evaluates <paramref name="statistic"/> on each index multiset.</summary>
    public static BootstrapEstimate OverUnits(int units, Func<int[], double> statistic, int resamples = 1000, int seed = 0, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        if (units < 1) throw new ArgumentException($"units = {units} is invalid: accepted at least 1 unit to resample.", nameof(units));
        var all = Enumerable.Range(0, units).ToArray();
        double estimate = statistic(all);
        return FromReplicates(estimate, rng =>
        {
            var idx = new int[units];
            for (int i = 0; i < units; i++) idx[i] = rng.Next(units);
            return statistic(idx);
        }, resamples, seed, confidence);
    }

    /// <summary>General form: <paramref name="replicate"/> draws one bootstrap replicate using the given seeded generator.</summary>
    public static BootstrapEstimate FromReplicates(double estimate, Func<Random, double> replicate, int resamples = 1000, int seed = 0, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(replicate);
        if (resamples < 2)
            throw new ArgumentException($"resamples = {resamples} is invalid: accepted an integer >= 2 (1000 or more recommended).", nameof(resamples));
        if (!(confidence > 0 && confidence < 1))
            throw new ArgumentException($"confidence = {confidence} is invalid: accepted (0, 1), e.g. 0.95.", nameof(confidence));
        var rng = new Random(seed);
        var values = new List<double>(resamples);
        for (int b = 0; b < resamples; b++)
        {
            double v = replicate(rng);
            if (double.IsFinite(v)) values.Add(v);
        }
        if (values.Count == 0) return new BootstrapEstimate(estimate, double.NaN, double.NaN, 0, seed, confidence);
        values.Sort();
        double alpha = 1 - confidence;
        return new BootstrapEstimate(estimate,
            SampleStatistics.PercentileOfSorted(values, 100 * alpha / 2),
            SampleStatistics.PercentileOfSorted(values, 100 * (1 - alpha / 2)),
            values.Count, seed, confidence);
    }
}
