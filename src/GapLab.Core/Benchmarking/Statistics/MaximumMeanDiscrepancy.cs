namespace GapLab.Benchmarking.Statistics;

/// <summary>The unbiased MMD² estimate, the Gaussian kernel bandwidth used, the permutation p-value and the number of permutations.</summary>
public sealed record MmdResult(double Mmd2, double Bandwidth, double PValue, int Permutations);

/// <summary>
/// Feature drift between samples X (m) and Y (n): unbiased MMD²_u = Σ_{i≠j} k(x_i,x_j)/(m(m-1)) + Σ_{i≠j} k(y_i,y_j)/(n(n-1)) - 2 Σ k(x_i,y_j)/(mn), Gaussian
/// k(a,b) = exp(-‖a-b‖²/(2σ²)) with σ the median pairwise distance of the pooled sample; p = (1 + #{MMD²_perm ≥ MMD²}) / (1 + P) over P label permutations.
/// Source: Gretton et al. (2012) "A Kernel Two-Sample Test", JMLR 13:723, eq. 3 and §5 (median heuristic); permutation test as in their §8.
/// </summary>
public static class MaximumMeanDiscrepancy
{
    public static MmdResult Test(double[][] x, double[][] y, int permutations = 200, int seed = 0, double? bandwidth = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Length < 2 || y.Length < 2) throw new ArgumentException($"MMD needs at least 2 samples on each side; got {x.Length} and {y.Length}.");
        if (permutations < 0) throw new ArgumentException($"permutations = {permutations}: accepted >= 0.", nameof(permutations));
        var pooled = x.Concat(y).ToArray();
        int m = x.Length, total = pooled.Length;
        var d2 = new double[total, total];
        var distances = new List<double>(total * (total - 1) / 2);
        for (int i = 0; i < total; i++)
            for (int j = i + 1; j < total; j++)
            {
                double s = 0;
                var a = pooled[i]; var b = pooled[j];
                if (a.Length != b.Length) throw new ArgumentException("MMD samples must all have the same dimension.");
                for (int t = 0; t < a.Length; t++) { double diff = a[t] - b[t]; s += diff * diff; }
                d2[i, j] = d2[j, i] = s;
                distances.Add(Math.Sqrt(s));
            }
        double sigma = bandwidth ?? Median(distances);
        if (!(sigma > 0)) sigma = 1;
        var k = new double[total, total];
        for (int i = 0; i < total; i++)
            for (int j = 0; j < total; j++) k[i, j] = Math.Exp(-d2[i, j] / (2 * sigma * sigma));
        var order = Enumerable.Range(0, total).ToArray();
        double observed = Statistic(k, order, m);
        var rng = new Random(seed);
        int atLeast = 0;
        for (int p = 0; p < permutations; p++)
        {
            rng.Shuffle(order);
            if (Statistic(k, order, m) >= observed) atLeast++;
        }
        return new MmdResult(observed, sigma, permutations == 0 ? double.NaN : (1.0 + atLeast) / (1.0 + permutations), permutations);
    }

    /// <summary>
    /// The empirical MMD witness at each current sample y_i, w(y_i) = Σ_{j≠i} k(y_i,y_j)/(n-1) - Σ_j k(y_i,x_j)/m (leave-one-out, Gaussian kernel
    /// of bandwidth <paramref name="bandwidth"/>): large where the current sample has mass the reference lacks, so the largest values point at
    /// the most drifted images. Source: Gretton et al. (2012) §2.3 (the witness function f* ∝ μ_Q - μ_P); used to find the points two samples
    /// disagree on in Lloyd &amp; Ghahramani (2015) "Statistical model criticism using kernel two sample tests", NeurIPS.
    /// </summary>
    public static double[] Witness(double[][] reference, double[][] current, double bandwidth)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        if (reference.Length < 1 || current.Length < 2) throw new ArgumentException($"the MMD witness needs at least 1 reference and 2 current samples; got {reference.Length} and {current.Length}.");
        if (!(bandwidth > 0)) throw new ArgumentException($"bandwidth = {bandwidth}: accepted > 0.", nameof(bandwidth));
        double K(double[] a, double[] b)
        {
            double s = 0;
            for (int t = 0; t < a.Length; t++) { double diff = a[t] - b[t]; s += diff * diff; }
            return Math.Exp(-s / (2 * bandwidth * bandwidth));
        }
        return current.Select((y, i) => current.Where((_, j) => j != i).Sum(o => K(y, o)) / (current.Length - 1) - reference.Sum(x => K(y, x)) / reference.Length).ToArray();
    }

    /// <summary>MMD²_u of the first <paramref name="m"/> indices of <paramref name="order"/> against the rest.</summary>
    static double Statistic(double[,] k, int[] order, int m)
    {
        int n = order.Length - m;
        double xx = 0, yy = 0, xy = 0;
        for (int i = 0; i < order.Length; i++)
            for (int j = 0; j < order.Length; j++)
            {
                if (i == j) continue;
                double v = k[order[i], order[j]];
                if (i < m && j < m) xx += v;
                else if (i >= m && j >= m) yy += v;
                else if (i < m) xy += v;
            }
        return xx / ((double)m * (m - 1)) + yy / ((double)n * (n - 1)) - 2 * xy / ((double)m * n);
    }

    static double Median(List<double> values)
    {
        if (values.Count == 0) return 1;
        values.Sort();
        int h = values.Count / 2;
        return values.Count % 2 == 1 ? values[h] : (values[h - 1] + values[h]) / 2;
    }
}
