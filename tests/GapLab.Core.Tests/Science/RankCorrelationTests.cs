using GapLab.Metrics.Correlation;

namespace GapLab.Core.Tests.Science;

public class RankCorrelationTests
{
    /// <summary>O(n²) reference: tau-a and tau-b from explicit pair classification.</summary>
    internal static (double TauA, double TauB) BruteForceKendall(double[] x, double[] y)
    {
        long c = 0, d = 0, tx = 0, ty = 0, n0 = 0;
        for (int i = 0; i < x.Length; i++)
            for (int j = i + 1; j < x.Length; j++)
            {
                n0++;
                int sx = Math.Sign(x[i] - x[j]), sy = Math.Sign(y[i] - y[j]);
                if (sx == 0) tx++;
                if (sy == 0) ty++;
                if (sx * sy > 0) c++;
                if (sx * sy < 0) d++;
            }
        double denominator = Math.Sqrt((double)(n0 - tx) * (n0 - ty));
        return ((double)(c - d) / n0, denominator == 0 ? double.NaN : (c - d) / denominator);
    }

    [Fact]
    public void SpecSelfTestVector_GivesFourSixths()
    {
        double[] mu = [1, 2, 3, 4], g = [1, 3, 2, 4];
        Assert.Equal(4.0 / 6, KendallTau.TauA(mu, g), 12);
        Assert.Equal(4.0 / 6, KendallTau.TauB(mu, g), 12);
    }

    [Fact]
    public void HandWorkedTies_TauAAndTauBDiffer()
    {
        // pairs: C = 4, D = 0, one pair tied in x, one tied in y, n0 = 6 -> tau-a = 4/6, tau-b = 4/sqrt(5*5)
        double[] x = [1, 1, 2, 3], y = [1, 2, 2, 3];
        Assert.Equal(4.0 / 6, KendallTau.TauA(x, y), 12);
        Assert.Equal(0.8, KendallTau.TauB(x, y), 12);
        // average ranks x = [1.5,1.5,3,4], y = [1,2.5,2.5,4]: Sxy = 3.75, Sxx = Syy = 4.5
        Assert.Equal(3.75 / 4.5, SpearmanRho.Compute(x, y), 12);
    }

    [Theory]
    [InlineData(1, 40, 5)]
    [InlineData(2, 200, 3)]
    [InlineData(3, 301, 50)]
    [InlineData(4, 2, 2)]
    public void KnightAlgorithm_AgreesWithBruteForce_OnRandomDataWithTies(int seed, int n, int levels)
    {
        var rng = new Random(seed);
        var x = Enumerable.Range(0, n).Select(_ => (double)rng.Next(levels)).ToArray();
        var y = Enumerable.Range(0, n).Select(i => x[i] * 0.5 + rng.Next(levels)).ToArray();
        var (a, b) = BruteForceKendall(x, y);
        Assert.Equal(a, KendallTau.TauA(x, y), 12);
        if (double.IsNaN(b)) Assert.True(double.IsNaN(KendallTau.TauB(x, y)));
        else Assert.Equal(b, KendallTau.TauB(x, y), 12);
    }

    [Fact]
    public void ConstantVariable_TauBIsNaNLikeScipy_TauAIsZero()
    {
        double[] x = [1, 2, 3], y = [5, 5, 5];
        Assert.True(double.IsNaN(KendallTau.TauB(x, y)));
        Assert.Equal(0, KendallTau.TauA(x, y));
        Assert.True(double.IsNaN(SpearmanRho.Compute(x, y)));
    }

    [Fact]
    public void Spearman_AgreesWithPearsonOfAverageRanks_AndIsOneForMonotoneMaps()
    {
        var rng = new Random(7);
        var x = Enumerable.Range(0, 50).Select(_ => rng.NextDouble()).ToArray();
        Assert.Equal(1.0, SpearmanRho.Compute(x, x.Select(v => Math.Exp(3 * v)).ToArray()), 12);
        Assert.Equal(-1.0, SpearmanRho.Compute(x, x.Select(v => -v * v).ToArray()), 12);
        Assert.Equal([2.5, 1, 2.5, 4], SpearmanRho.AverageRanks([3.0, 1, 3, 7]));
    }

    [Fact]
    public void BootstrapInterval_IsSeededAndBracketsTheEstimate()
    {
        var rng = new Random(11);
        var x = Enumerable.Range(0, 60).Select(_ => rng.NextDouble()).ToArray();
        var y = x.Select(v => v + 0.3 * rng.NextDouble()).ToArray();
        var first = KendallTau.WithInterval(x, y, KendallVariant.TauB, resamples: 300, seed: 5);
        var again = KendallTau.WithInterval(x, y, KendallVariant.TauB, resamples: 300, seed: 5);
        Assert.Equal(first, again);
        Assert.Equal(KendallTau.TauB(x, y), first.Estimate);
        Assert.True(first.Low < first.Estimate && first.Estimate < first.High, $"{first}");
        Assert.True(first.High - first.Low < 0.4, $"{first}");
        var rho = SpearmanRho.WithInterval(x, y, resamples: 300, seed: 5);
        Assert.True(rho.Low < rho.Estimate && rho.Estimate < rho.High, $"{rho}");
    }

    [Fact]
    public void BadInput_IsRejectedWithTheValueNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => KendallTau.TauA([1, 2, 3], [1, 2]));
        Assert.Contains("3 values", e.Message);
        e = Assert.Throws<ArgumentException>(() => KendallTau.TauB([1, double.NaN], [1, 2]));
        Assert.Contains("x[1] = NaN", e.Message);
        Assert.Throws<ArgumentException>(() => SpearmanRho.Compute([1.0], [1.0]));
    }

    [Fact]
    public void SampleStatistics_FollowNumpyConventions()
    {
        double[] v = [4, 1, 3, 2, 10];
        Assert.Equal(4.0, SampleStatistics.Mean(v), 12);
        Assert.Equal(Math.Sqrt(50.0 / 5), SampleStatistics.StandardDeviation(v, 0), 12);
        Assert.Equal(Math.Sqrt(50.0 / 4), SampleStatistics.StandardDeviation(v, 1), 12);
        // sorted [1,2,3,4,10]; 10th percentile position 0.4 -> 1 + 0.4 * 1; 90th position 3.6 -> 4 + 0.6 * 6
        Assert.Equal(1.4, SampleStatistics.Percentile(v, 10), 12);
        Assert.Equal(7.6, SampleStatistics.Percentile(v, 90), 12);
        Assert.Equal(1, SampleStatistics.Percentile(v, 10, PercentileInterpolation.Lower));
        Assert.Equal(2, SampleStatistics.Percentile(v, 10, PercentileInterpolation.Higher));
        Assert.Equal(1, SampleStatistics.Percentile(v, 10, PercentileInterpolation.Nearest));
        Assert.Equal(1.5, SampleStatistics.Percentile(v, 10, PercentileInterpolation.Midpoint));
    }
}
