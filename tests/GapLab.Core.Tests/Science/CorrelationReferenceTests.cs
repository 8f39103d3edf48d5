using GapLab.Metrics.Correlation;

namespace GapLab.Core.Tests.Science;

/// <summary>Reference numbers produced offline with scipy 1.10.1 / numpy 1.24.2 (Debian python3), snippets quoted per test.</summary>
public class CorrelationReferenceTests
{
    static readonly double[] X = [3.1, 1.0, 2.0, 2.0, 5.5, 4.0, 1.0, 2.0, 7.0, 0.5, 3.1, 6.0];
    static readonly double[] Y = [2.0, 1.0, 1.0, 3.0, 4.0, 4.0, 0.0, 2.0, 6.5, 1.0, 2.0, 5.0];

    [Fact]
    public void TauB_And_Spearman_WithTies_MatchScipy()
    {
        // import scipy.stats as st; st.kendalltau(X, Y).statistic -> 0.8167801162284652; st.spearmanr(X, Y).statistic -> 0.9084512377484462
        Assert.Equal(0.8167801162284652, KendallTau.TauB(X, Y), 12);
        Assert.Equal(0.9084512377484462, SpearmanRho.Compute(X, Y), 12);
        // tau-a shares tau-b's numerator but divides by all 66 pairs, so it is smaller when there are ties
        var (tauA, _) = RankCorrelationTests.BruteForceKendall(X, Y);
        Assert.Equal(tauA, KendallTau.TauA(X, Y), 12);
        Assert.True(KendallTau.TauA(X, Y) < KendallTau.TauB(X, Y));
    }

    [Theory]
    // np.percentile([0.3, 0.05, 0.9, 0.12, 0.5, 0.5, 0.71], q, method=m)
    [InlineData(10, PercentileInterpolation.Linear, 0.092)]
    [InlineData(10, PercentileInterpolation.Lower, 0.05)]
    [InlineData(10, PercentileInterpolation.Higher, 0.12)]
    [InlineData(10, PercentileInterpolation.Nearest, 0.12)]
    [InlineData(10, PercentileInterpolation.Midpoint, 0.085)]
    [InlineData(37.5, PercentileInterpolation.Linear, 0.35)]
    [InlineData(37.5, PercentileInterpolation.Lower, 0.3)]
    [InlineData(37.5, PercentileInterpolation.Higher, 0.5)]
    [InlineData(37.5, PercentileInterpolation.Nearest, 0.3)]
    [InlineData(37.5, PercentileInterpolation.Midpoint, 0.4)]
    public void Percentile_MatchesNumpy(double q, PercentileInterpolation method, double expected)
    {
        Assert.Equal(expected, SampleStatistics.Percentile([0.3, 0.05, 0.9, 0.12, 0.5, 0.5, 0.71], q, method), 12);
    }

    [Fact]
    public void PerClassStatistics_MatchNumpyReimplementationOfTheSpec()
    {
        // C = np.array([[40,3,5,2],[6,30,10,4],[1,2,45,2],[9,0,8,33]]); per class tp, fn, fp, tn -> kappa as spec 1.5;
        // [err.mean(), d.mean(), err.std(ddof=1), d.std(), np.percentile(err,10), np.percentile(d,10)]; global 1 - (p0-pe)/(1-pe)
        var m = new ConfusionMatrix(new long[,] { { 40, 3, 5, 2 }, { 6, 30, 10, 4 }, { 1, 2, 45, 2 }, { 9, 0, 8, 33 } });
        var s = PerClassStatistics.From(m);
        double[] expected = [0.26, 0.34791174152876286, 0.1356465996625054, 0.01560701522485284, 0.12999999999999998, 0.3333333333333334];
        var f = s.AsVector();
        for (int i = 0; i < 6; i++) Assert.Equal(expected[i], f[i], 12);
        Assert.Equal(0.3466666666666667, s.GlobalKappaDistance, 12);
        Assert.Equal([0.2, 0.4, 0.1, 0.34], s.ClassErrors.Select(v => Math.Round(v, 12)));
    }

    static PopulationMember Run(double lr, double mu, double g) => new(new Dictionary<string, double> { ["lr"] = lr }, mu, g);

    [Fact]
    public void RobustSignError_WithoutNoiseFilter_WeighsEveryPairOne_AndKeepsEssAtTheThreshold()
    {
        // A (lr 0.1): mu 1..4, gaps 0.100..0.103; B (lr 0.01): mu 5, 6, 7 with gaps 0.104, 0.099, 0.105.
        // mu_A < mu_B always, so SE = 1 exactly when g_A > g_B: only against g_B = 0.099 -> 4 of 12 pairs -> loss 1/3; ESS = 12^2/12 = 12.
        var population = new List<PopulationMember>();
        for (int s = 0; s < 4; s++) population.Add(Run(0.1, 1 + s, 0.100 + 0.001 * s));
        population.Add(Run(0.01, 5, 0.104));
        population.Add(Run(0.01, 6, 0.099));
        population.Add(Run(0.01, 7, 0.105));

        var raw = RobustSignError.Compute(population, new RobustSignErrorOptions(FilterNoise: false, Resamples: 0));
        Assert.Equal(2, raw.All.Environments);
        Assert.All(raw.Environments, e => Assert.Equal(12, e.EffectiveSampleSize, 9));
        Assert.Equal(1 / 3.0, raw.All.Mean, 12);
        Assert.Equal(1 / 3.0, raw.ByHyperparameter["lr"].Max, 12);

        // With the Hoeffding filter (n = 10,000) gap differences of at most 0.006 are noise: every weight is 0, both environments dropped.
        var filtered = RobustSignError.Compute(population, new RobustSignErrorOptions(Resamples: 0));
        Assert.Equal(0, filtered.All.Environments);
        Assert.Equal(2, filtered.DroppedEnvironments);
        Assert.True(double.IsNaN(filtered.All.Mean));
    }

    [Fact]
    public void RobustSignError_RejectsNegativeEssThreshold()
    {
        var e = Assert.Throws<ArgumentException>(() => RobustSignError.Compute([Run(0.1, 1, 1), Run(0.2, 2, 2)],
            new RobustSignErrorOptions(MinimumEffectiveSampleSize: -1)));
        Assert.Contains("MinimumEffectiveSampleSize = -1", e.Message);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void RobustSignError_AgreesWithDirectTransliterationOfTheReference_OnRandomPopulations(int seed)
    {
        // 3 x 2 x 2 grid, 1-4 seeds per configuration (some missing), gaps 0..0.08 so Hoeffding weights span 0..1/2.
        var rng = new Random(seed);
        var population = new List<PopulationMember>();
        foreach (var lr in new[] { 0.1, 0.01, 0.001 })
            foreach (var depth in new[] { 2.0, 4.0 })
                foreach (var width in new[] { 16.0, 32.0 })
                    for (int s = 0, runs = rng.Next(0, 5); s < runs; s++)
                        population.Add(new(new Dictionary<string, double> { ["lr"] = lr, ["depth"] = depth, ["width"] = width },
                            Math.Round(rng.NextDouble(), 2), Math.Round(0.08 * rng.NextDouble(), 3)));
        var options = new RobustSignErrorOptions(MinimumEffectiveSampleSize: 2.5, Resamples: 0);
        var result = RobustSignError.Compute(population, options);

        // Reference: accumulate sum w', sum w'^2 and sum w'·SE per ordered pair of configurations that differ in exactly one value
        // (create_environments.py), then keep ESS >= threshold (figure_cdf_all_measures.py).
        var sums = new Dictionary<(string, string), (double W, double W2, double L, string Varied)>();
        string[] names = ["depth", "lr", "width"];
        foreach (var a in population)
            foreach (var b in population)
            {
                var differing = names.Where(n => a.Hyperparameters[n] != b.Hyperparameters[n]).ToArray();
                if (differing.Length != 1) continue;
                string ka = string.Join("|", names.Select(n => a.Hyperparameters[n])), kb = string.Join("|", names.Select(n => b.Hyperparameters[n]));
                double d = Math.Abs(a.Gap - b.Gap);
                double w = Math.Max(0, 1 - 2 * Math.Exp(-2 * 10_000 * (d / 2) * (d / 2)));
                w *= w;
                w = w > 0.5 ? w - 0.5 : 0;
                double se = (1 - Math.Sign(a.Measure - b.Measure) * Math.Sign(a.Gap - b.Gap)) / 2.0;
                sums.TryGetValue((ka, kb), out var acc);
                sums[(ka, kb)] = (acc.W + w, acc.W2 + w * w, acc.L + w * se, differing[0]);
            }
        var kept = sums.Values.Where(v => v.W > 0 && v.W * v.W / v.W2 >= 2.5).ToArray();
        Assert.Equal(sums.Count, result.Environments.Count);
        Assert.Equal(kept.Length, result.All.Environments);
        Assert.True(kept.Length > 0 && kept.Length < sums.Count, $"seed {seed}: {kept.Length} of {sums.Count} kept; the test wants both kinds");
        var expected = kept.Select(v => v.L / v.W).Order().ToArray();
        Assert.Equal(expected.Length, result.All.SortedLosses.Count);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], result.All.SortedLosses[i], 12);
        Assert.Equal(expected.Average(), result.All.Mean, 12);
        Assert.Equal(expected.Max(), result.All.Max, 12);
        foreach (var name in names)
        {
            var perAxis = kept.Where(v => v.Varied == name).Select(v => v.L / v.W).ToArray();
            Assert.Equal(perAxis.Length, result.ByHyperparameter[name].Environments);
            if (perAxis.Length > 0) Assert.Equal(perAxis.Average(), result.ByHyperparameter[name].Mean, 12);
        }
    }
}
