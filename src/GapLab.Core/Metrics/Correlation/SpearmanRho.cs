namespace GapLab.Metrics.Correlation;

/// <summary>
/// Spearman's rho: Pearson correlation of the ranks, tied values getting the average of the ranks they span.
/// Source: Spearman (1904); tie handling as scipy.stats.spearmanr (rankdata method="average").
/// </summary>
public static class SpearmanRho
{
    /// <summary>rho in [-1, 1]; NaN when either variable is constant (as scipy).</summary>
    public static double Compute(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        KendallTau.PairCounts.Validate(x, y);
        var rx = AverageRanks(x);
        var ry = AverageRanks(y);
        double mx = rx.Average(), my = ry.Average(), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < rx.Length; i++)
        {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxx == 0 || syy == 0 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>rho with a seeded percentile-bootstrap interval over (x_i, y_i) pairs.</summary>
    public static BootstrapEstimate WithInterval(IReadOnlyList<double> x, IReadOnlyList<double> y, int resamples = 1000, int seed = 0, double confidence = 0.95)
    {
        KendallTau.PairCounts.Validate(x, y);
        return BootstrapInterval.OverUnits(x.Count, idx => Compute(idx.Select(i => x[i]).ToArray(), idx.Select(i => y[i]).ToArray()),
            resamples, seed, confidence);
    }

    /// <summary>1-based ranks; a run of t tied values starting at sorted position p gets rank p + (t + 1)/2.</summary>
    public static double[] AverageRanks(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int n = values.Count;
        var order = Enumerable.Range(0, n).ToArray();
        Array.Sort(order, (a, b) => values[a].CompareTo(values[b]));
        var ranks = new double[n];
        for (int i = 0, j; i < n; i = j)
        {
            for (j = i + 1; j < n && values[order[j]] == values[order[i]]; j++) { }
            double rank = 0.5 * (i + 1 + j);
            for (int k = i; k < j; k++) ranks[order[k]] = rank;
        }
        return ranks;
    }
}
