namespace GapLab.Metrics;

/// <summary>
/// Wilson score interval for a binomial proportion p = k/n: (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n),
/// z = Φ⁻¹(1 - (1-confidence)/2). Source: Wilson (1927), J. Am. Stat. Assoc. 22:209-212.
/// </summary>
public static class WilsonInterval
{
    /// <summary>The interval for <paramref name="successes"/> out of <paramref name="n"/> trials at <paramref name="confidence"/>.</summary>
    public static (double Low, double High) Compute(int successes, int n, double confidence = 0.95)
    {
        if (n <= 0) throw new ArgumentException($"n = {n} is invalid: accepted an integer >= 1 (number of trials).", nameof(n));
        if (successes < 0 || successes > n)
            throw new ArgumentException($"successes = {successes} is invalid: accepted an integer in [0, n = {n}].", nameof(successes));
        double z = StandardNormal.TwoSidedCritical(confidence);
        double p = (double)successes / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = z / denominator * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
