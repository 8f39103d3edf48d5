namespace GapLab.Benchmarking.Statistics;

/// <summary>The discordant counts of a McNemar test, its statistic (chi-square form, or b for the exact form), p-value and which form was used.</summary>
public sealed record McNemarResult(int BaselineOnlyCorrect, int CurrentOnlyCorrect, double Statistic, double PValue, bool Exact);

/// <summary>
/// McNemar test of equal accuracy on paired predictions: b = images only the baseline got right, c = only the current; exact
/// two-sided binomial p = min(1, 2·P(Bin(b+c, 1/2) &lt;= min(b,c))) when b+c &lt; 25, else χ² = (|b-c|-1)²/(b+c) with 1 df (Edwards' continuity correction).
/// Source: McNemar (1947) Psychometrika 12:153; Edwards (1948); statsmodels.stats.contingency_tables.mcnemar (exact / correction=True).
/// </summary>
public static class McNemarTest
{
    /// <summary>Below this many discordant pairs the exact binomial form is used.</summary>
    public const int ExactBelow = 25;

    public static McNemarResult Compute(IReadOnlyList<bool> baselineCorrect, IReadOnlyList<bool> currentCorrect)
    {
        ArgumentNullException.ThrowIfNull(baselineCorrect);
        ArgumentNullException.ThrowIfNull(currentCorrect);
        if (baselineCorrect.Count != currentCorrect.Count)
            throw new ArgumentException($"McNemar needs paired predictions: {baselineCorrect.Count} baseline vs {currentCorrect.Count} current images.");
        int b = 0, c = 0;
        for (int i = 0; i < baselineCorrect.Count; i++)
        {
            if (baselineCorrect[i] && !currentCorrect[i]) b++;
            else if (!baselineCorrect[i] && currentCorrect[i]) c++;
        }
        return FromCounts(b, c);
    }

    public static McNemarResult FromCounts(int b, int c)
    {
        if (b < 0 || c < 0) throw new ArgumentException($"discordant counts must be >= 0; got b = {b}, c = {c}.");
        int n = b + c;
        if (n == 0) return new McNemarResult(b, c, 0, 1, true);
        if (n < ExactBelow)
        {
            // P(X <= k) for X ~ Bin(n, 1/2), in log space
            int k = Math.Min(b, c);
            double tail = 0;
            for (int i = 0; i <= k; i++)
                tail += Math.Exp(ChiSquareDistribution.LogGamma(n + 1) - ChiSquareDistribution.LogGamma(i + 1) - ChiSquareDistribution.LogGamma(n - i + 1) - n * Math.Log(2));
            return new McNemarResult(b, c, k, Math.Min(1, 2 * tail), true);
        }
        double stat = Math.Pow(Math.Abs(b - c) - 1, 2) / n;
        return new McNemarResult(b, c, stat, ChiSquareDistribution.Survival(stat, 1), false);
    }
}
