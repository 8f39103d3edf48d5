namespace GapLab.Metrics.Correlation;

/// <summary>Which Kendall coefficient: tau-a (ties count 0, divide by all pairs) or tau-b (tie-corrected, as scipy.stats.kendalltau).</summary>
public enum KendallVariant { TauA, TauB }

/// <summary>
/// Kendall's rank correlation: tau-a = (C - D) / (n(n-1)/2); tau-b = (C - D) / sqrt((n0 - n1)(n0 - n2)), n1/n2 = pairs tied in x/y.
/// Source: Kendall (1938, 1945); O(n log n) counting by Knight (1966); Jiang et al. (2020) "Fantastic" §3.1 (spec 3.1).
/// </summary>
public static class KendallTau
{
    /// <summary>Tau-a: pairs tied in either variable contribute 0; the denominator is all n(n-1)/2 pairs.</summary>
    public static double TauA(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var c = PairCounts.Of(x, y);
        return (double)c.ConcordantMinusDiscordant / c.Pairs;
    }

    /// <summary>Tau-b (scipy's default): NaN when either variable is constant, as scipy returns.</summary>
    public static double TauB(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var c = PairCounts.Of(x, y);
        double denominator = Math.Sqrt((double)(c.Pairs - c.TiedX) * (c.Pairs - c.TiedY));
        return denominator == 0 ? double.NaN : c.ConcordantMinusDiscordant / denominator;
    }

    /// <summary>The coefficient selected by <paramref name="variant"/>.</summary>
    public static double Compute(IReadOnlyList<double> x, IReadOnlyList<double> y, KendallVariant variant) => variant switch
    {
        KendallVariant.TauA => TauA(x, y),
        KendallVariant.TauB => TauB(x, y),
        _ => throw new ArgumentException($"variant = {variant} is invalid: accepted TauA or TauB.", nameof(variant)),
    };

    /// <summary>The coefficient with a seeded percentile-bootstrap interval over (x_i, y_i) pairs.</summary>
    public static BootstrapEstimate WithInterval(IReadOnlyList<double> x, IReadOnlyList<double> y, KendallVariant variant = KendallVariant.TauB,
        int resamples = 1000, int seed = 0, double confidence = 0.95)
    {
        PairCounts.Validate(x, y);
        return BootstrapInterval.OverUnits(x.Count, idx => Compute(idx.Select(i => x[i]).ToArray(), idx.Select(i => y[i]).ToArray(), variant),
            resamples, seed, confidence);
    }

    /// <summary>Pair counts from Knight's algorithm: sort by (x, y), count x- and joint ties, then count y-inversions by merge sort.</summary>
    internal readonly record struct PairCounts(long Pairs, long TiedX, long TiedY, long TiedBoth, long Discordant)
    {
        public long ConcordantMinusDiscordant => Pairs - TiedX - TiedY + TiedBoth - 2 * Discordant;

        public static void Validate(IReadOnlyList<double> x, IReadOnlyList<double> y)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            if (x.Count != y.Count) throw new ArgumentException($"x has {x.Count} values but y has {y.Count}: accepted equal lengths.", nameof(y));
            if (x.Count < 2) throw new ArgumentException($"{x.Count} observations: accepted at least 2 for a rank correlation.", nameof(x));
            SampleStatistics.RequireFinite(x, nameof(x));
            SampleStatistics.RequireFinite(y, nameof(y));
        }

        public static PairCounts Of(IReadOnlyList<double> x, IReadOnlyList<double> y)
        {
            Validate(x, y);
            int n = x.Count;
            var order = Enumerable.Range(0, n).ToArray();
            Array.Sort(order, (a, b) => x[a] != x[b] ? x[a].CompareTo(x[b]) : y[a].CompareTo(y[b]));
            long tiedX = 0, tiedBoth = 0;
            for (int i = 0, j; i < n; i = j)
            {
                for (j = i + 1; j < n && x[order[j]] == x[order[i]]; j++) { }
                tiedX += (long)(j - i) * (j - i - 1) / 2;
                for (int k = i, m; k < j; k = m)
                {
                    for (m = k + 1; m < j && y[order[m]] == y[order[k]]; m++) { }
                    tiedBoth += (long)(m - k) * (m - k - 1) / 2;
                }
            }
            var ys = new double[n];
            for (int i = 0; i < n; i++) ys[i] = y[order[i]];
            long inversions = MergeSortCountingInversions(ys, new double[n], 0, n);
            long tiedY = 0;
            for (int i = 0, j; i < n; i = j)
            {
                for (j = i + 1; j < n && ys[j] == ys[i]; j++) { }
                tiedY += (long)(j - i) * (j - i - 1) / 2;
            }
            return new PairCounts((long)n * (n - 1) / 2, tiedX, tiedY, tiedBoth, inversions);
        }

        /// <summary>Sorts a[lo..hi) ascending; returns the number of pairs i &lt; j with a[i] &gt; a[j] (strict).</summary>
        static long MergeSortCountingInversions(double[] a, double[] buffer, int lo, int hi)
        {
            if (hi - lo < 2) return 0;
            int mid = (lo + hi) / 2;
            long count = MergeSortCountingInversions(a, buffer, lo, mid) + MergeSortCountingInversions(a, buffer, mid, hi);
            int i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
            {
                if (a[i] <= a[j]) buffer[k++] = a[i++];
                else { count += mid - i; buffer[k++] = a[j++]; }
            }
            while (i < mid) buffer[k++] = a[i++];
            while (j < hi) buffer[k++] = a[j++];
            Array.Copy(buffer, lo, a, lo, hi - lo);
            return count;
        }
    }
}
