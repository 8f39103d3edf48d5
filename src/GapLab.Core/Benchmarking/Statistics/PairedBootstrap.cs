using GapLab.Metrics.Correlation;

namespace GapLab.Benchmarking.Statistics;

/// <summary>
/// Interval for the change Δ = f(current) - f(baseline) of a metric over test images: paired, each replicate draws one index multiset I
/// and uses it in both evaluations (Δ_b = f_cur(I) - f_base(I)); unpaired (different images), I and J are drawn independently.
/// Source: Efron &amp; Tibshirani (1993) ch. 13 (percentile interval); paired resampling as in Koehn (2004) "Statistical significance tests for MT evaluation".
/// </summary>
public static class PairedBootstrap
{
    public static BootstrapEstimate Paired(int images, Func<int[], double> baseline, Func<int[], double> current, int resamples = 1000, int seed = 0, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        if (images < 1) throw new ArgumentException("the paired bootstrap needs at least one image.", nameof(images));
        var all = Enumerable.Range(0, images).ToArray();
        return BootstrapInterval.FromReplicates(current(all) - baseline(all), rng =>
        {
            var idx = Draw(rng, images);
            return current(idx) - baseline(idx);
        }, resamples, seed, confidence);
    }

    public static BootstrapEstimate Unpaired(int baselineImages, Func<int[], double> baseline, int currentImages, Func<int[], double> current,
        int resamples = 1000, int seed = 0, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        if (baselineImages < 1 || currentImages < 1) throw new ArgumentException("the bootstrap needs at least one image in each evaluation.");
        return BootstrapInterval.FromReplicates(current(Enumerable.Range(0, currentImages).ToArray()) - baseline(Enumerable.Range(0, baselineImages).ToArray()),
            rng => current(Draw(rng, currentImages)) - baseline(Draw(rng, baselineImages)), resamples, seed, confidence);
    }

    static int[] Draw(Random rng, int n)
    {
        var idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = rng.Next(n);
        return idx;
    }
}
