namespace GapLab.Metrics.Correlation;

/// <summary>
/// Settings of the robust sign-error protocol; defaults are Dziugaite et al.'s (n = 10,000 test points, tau = 0, ESS &gt;= 12, Monte-Carlo
/// noise filter on; off = every coupled pair weighs 1, their <c>filter_noise=False</c>). Resamples/Seed/Confidence: bootstrap of the mean.
/// </summary>
public sealed record RobustSignErrorOptions(int TestSetSize = 10_000, double Tau = 0, double MinimumEffectiveSampleSize = 12,
    int Resamples = 1000, int Seed = 0, double Confidence = 0.95, bool FilterNoise = true);

/// <summary>One environment: configurations <see cref="First"/> and <see cref="Second"/> differ only in <see cref="Varied"/>.</summary>
public sealed record SignErrorEnvironment(string Varied, IReadOnlyDictionary<string, double> First, IReadOnlyDictionary<string, double> Second,
    int CoupledPairs, double EffectiveSampleSize, double Loss, bool Kept);

/// <summary>Robust summaries over kept environments: mean (with bootstrap CI over environments), 90th percentile (linear), max, sorted losses (the CDF).</summary>
public sealed record SignErrorSummary(int Environments, double Mean, double Percentile90, double Max, BootstrapEstimate? MeanInterval, IReadOnlyList<double> SortedLosses);

/// <summary>Summary over all environments and per varied hyperparameter, every environment, and how many were dropped by the ESS filter.</summary>
public sealed record RobustSignErrorResult(SignErrorSummary All, IReadOnlyDictionary<string, SignErrorSummary> ByHyperparameter,
    IReadOnlyList<SignErrorEnvironment> Environments, int DroppedEnvironments);

/// <summary>
/// Environment loss = Σ w'·SE / Σ w' over coupled runs, w = max(0, 1 - 2exp(-2n(max(|Δg|-τ,0)/2)²))², w' = max(w - 1/2, 0);
/// ESS = (Σw')²/Σw'². Source: Dziugaite et al. (2020), released code robust-generalization-measures (spec 3.4).
/// </summary>
public static class RobustSignError
{
    /// <summary>
    /// Environments are ordered pairs (h1, h2) of distinct configurations differing in exactly one hyperparameter (isclose for floats),
    /// so each unordered pair appears twice with the same loss; every run at h1 is coupled with every run at h2 (all seeds).
    /// </summary>
    public static RobustSignErrorResult Compute(IReadOnlyList<PopulationMember> population, RobustSignErrorOptions? options = null)
    {
        var o = options ?? new RobustSignErrorOptions();
        if (o.TestSetSize < 1) throw new ArgumentException($"TestSetSize = {o.TestSetSize} is invalid: accepted a positive test-set size.", nameof(options));
        if (!(o.MinimumEffectiveSampleSize >= 0))
            throw new ArgumentException($"MinimumEffectiveSampleSize = {o.MinimumEffectiveSampleSize} is invalid: accepted a non-negative number (12 in Dziugaite et al.).", nameof(options));
        if (!(o.Tau >= 0)) throw new ArgumentException($"Tau = {o.Tau} is invalid: accepted a non-negative gap tolerance.", nameof(options));
        var grid = HyperparameterLevels.From(population);
        var configs = Enumerable.Range(0, grid.Count).GroupBy(m => string.Join(",", grid.Levels[m])).Select(g => g.ToArray()).ToArray();
        var environments = new List<SignErrorEnvironment>();
        for (int c1 = 0; c1 < configs.Length; c1++)
            for (int c2 = 0; c2 < configs.Length; c2++)
            {
                if (c1 == c2) continue;
                int[] l1 = grid.Levels[configs[c1][0]], l2 = grid.Levels[configs[c2][0]];
                int varied = -1, differences = 0;
                for (int a = 0; a < l1.Length; a++)
                    if (l1[a] != l2[a]) { differences++; varied = a; }
                if (differences != 1) continue;
                double sumW = 0, sumW2 = 0, sumWse = 0;
                foreach (var m1 in configs[c1])
                    foreach (var m2 in configs[c2])
                    {
                        double w = o.FilterNoise ? NoiseWeight(grid.Gaps[m1] - grid.Gaps[m2], o.TestSetSize, o.Tau) : 1;
                        sumW += w;
                        sumW2 += w * w;
                        sumWse += w * SignError.Of(grid.Measures[m1], grid.Measures[m2], grid.Gaps[m1], grid.Gaps[m2]);
                    }
                double ess = sumW2 == 0 ? 0 : sumW * sumW / sumW2;
                double loss = sumW == 0 ? double.NaN : sumWse / sumW;
                environments.Add(new SignErrorEnvironment(grid.Axes[varied], Values(grid, l1), Values(grid, l2),
                    configs[c1].Length * configs[c2].Length, ess, loss,
                    sumW > 0 && (ess > o.MinimumEffectiveSampleSize || HyperparameterLevels.IsClose(ess, o.MinimumEffectiveSampleSize))));
            }
        var kept = environments.Where(e => e.Kept).ToArray();
        var byAxis = grid.Axes.ToDictionary(a => a, a => Summarise(kept.Where(e => e.Varied == a).Select(e => e.Loss), o), StringComparer.Ordinal);
        return new RobustSignErrorResult(Summarise(kept.Select(e => e.Loss), o), byAxis, environments, environments.Count - kept.Length);
    }

    /// <summary>w' for a coupled pair with gap difference <paramref name="gapDifference"/> (0 for noise-level differences, up to 1/2).</summary>
    public static double NoiseWeight(double gapDifference, int testSetSize, double tau = 0)
    {
        double x = Math.Max(Math.Abs(gapDifference) - tau, 0);
        double phi = 2 * Math.Exp(-2.0 * testSetSize * (x / 2) * (x / 2));
        double w = Math.Pow(Math.Max(0, 1 - phi), 2);
        return w > 0.5 ? w - 0.5 : 0;
    }

    static Dictionary<string, double> Values(HyperparameterLevels grid, int[] levels) =>
        grid.Axes.Select((a, i) => (a, grid.LevelValues[i][levels[i]])).ToDictionary(t => t.a, t => t.Item2, StringComparer.Ordinal);

    static SignErrorSummary Summarise(IEnumerable<double> losses, RobustSignErrorOptions o)
    {
        var sorted = losses.Order().ToArray();
        if (sorted.Length == 0) return new SignErrorSummary(0, double.NaN, double.NaN, double.NaN, null, sorted);
        double mean = sorted.Average();
        var interval = o.Resamples == 0 ? null
            : BootstrapInterval.OverUnits(sorted.Length, idx => idx.Average(i => sorted[i]), o.Resamples, o.Seed, o.Confidence);
        return new SignErrorSummary(sorted.Length, mean, SampleStatistics.PercentileOfSorted(sorted, 90), sorted[^1], interval, sorted);
    }
}
