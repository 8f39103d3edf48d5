namespace GapLab.Benchmarking.Statistics;

/// <summary>Pearson's chi-square statistic of a 2 x K class-count table, its degrees of freedom and p-value.</summary>
public sealed record LabelShiftResult(double Statistic, int DegreesOfFreedom, double PValue);

/// <summary>
/// Label distribution shift between two data versions: χ² = Σ_{v,k} (O_vk - E_vk)² / E_vk with E_vk = row_v·col_k / N over the classes
/// present in either version, df = K' - 1, p = P(χ²_df &gt;= χ²) (no continuity correction).
/// Source: Pearson (1900); identical to scipy.stats.chi2_contingency(table, correction=False) for 2 x K tables.
/// </summary>
public static class LabelShiftTest
{
    public static LabelShiftResult Compute(IReadOnlyList<int> referenceCounts, IReadOnlyList<int> currentCounts)
    {
        ArgumentNullException.ThrowIfNull(referenceCounts);
        ArgumentNullException.ThrowIfNull(currentCounts);
        if (referenceCounts.Count != currentCounts.Count)
            throw new ArgumentException($"label shift needs the same classes in both versions: {referenceCounts.Count} vs {currentCounts.Count} counts.");
        var classes = Enumerable.Range(0, referenceCounts.Count).Where(k => referenceCounts[k] + currentCounts[k] > 0).ToArray();
        double n1 = classes.Sum(k => (double)referenceCounts[k]), n2 = classes.Sum(k => (double)currentCounts[k]), n = n1 + n2;
        if (n1 == 0 || n2 == 0) throw new ArgumentException("label shift needs at least one labelled image in each version.");
        if (classes.Length < 2) return new LabelShiftResult(0, 0, 1);
        double stat = 0;
        foreach (int k in classes)
        {
            double col = referenceCounts[k] + currentCounts[k];
            double e1 = n1 * col / n, e2 = n2 * col / n;
            stat += Math.Pow(referenceCounts[k] - e1, 2) / e1 + Math.Pow(currentCounts[k] - e2, 2) / e2;
        }
        int df = classes.Length - 1;
        return new LabelShiftResult(stat, df, ChiSquareDistribution.Survival(stat, df));
    }
}
