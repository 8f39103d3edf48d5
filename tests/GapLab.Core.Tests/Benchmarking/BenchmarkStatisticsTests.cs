using GapLab.Benchmarking.Statistics;
using GapLab.Quality;

namespace GapLab.Core.Tests.Benchmarking;

/// <summary>Each benchmark statistic against SciPy 1.10.1 (values printed by scipy.stats, see comments) or a hand-worked case.</summary>
public class BenchmarkStatisticsTests
{
    [Theory]
    // scipy.stats.chi2.sf(x, k)
    [InlineData(3.84, 1, 0.05004352124870519)]
    [InlineData(10, 9, 0.3504852123233613)]
    [InlineData(25.3, 4, 4.378319550938773e-05)]
    [InlineData(0.5, 3, 0.9188914116546758)]
    [InlineData(200, 150, 0.003973185970821635)]
    [InlineData(1e-3, 2, 0.9995001249791693)]
    public void ChiSquareSurvivalMatchesScipy(double x, double k, double expected) =>
        Assert.Equal(expected, ChiSquareDistribution.Survival(x, k), expected * 1e-9 + 1e-15);

    [Fact]
    public void McNemarExactMatchesTheBinomialTest()
    {
        // b = 3, c = 10: scipy.stats.binomtest(3, 13, 0.5).pvalue = 0.09228515625 (= 2 * 377 / 8192)
        var r = McNemarTest.FromCounts(3, 10);
        Assert.True(r.Exact);
        Assert.Equal(0.09228515625, r.PValue, 1e-12);
    }

    [Fact]
    public void McNemarChiSquareUsesTheContinuityCorrection()
    {
        // b = 30, c = 15: (|30-15| - 1)^2 / 45 = 4.3556; scipy.stats.chi2.sf(4.3556, 1) = 0.036888425707049914
        var r = McNemarTest.Compute(
            Enumerable.Repeat(true, 30).Concat(Enumerable.Repeat(false, 15)).Concat(Enumerable.Repeat(true, 5)).ToArray(),
            Enumerable.Repeat(false, 30).Concat(Enumerable.Repeat(true, 15)).Concat(Enumerable.Repeat(true, 5)).ToArray());
        Assert.False(r.Exact);
        Assert.Equal((30, 15), (r.BaselineOnlyCorrect, r.CurrentOnlyCorrect));
        Assert.Equal(196.0 / 45, r.Statistic, 1e-12);
        Assert.Equal(0.036888425707049914, r.PValue, 1e-10);
        Assert.Equal(1.0, McNemarTest.FromCounts(0, 0).PValue);
    }

    [Fact]
    public void LabelShiftMatchesScipyChi2Contingency()
    {
        // scipy.stats.chi2_contingency([[10,20,30],[20,20,20]], correction=False) -> (5.333333333333334, 0.0694834512228015, dof 2)
        var r = LabelShiftTest.Compute([10, 20, 30], [20, 20, 20]);
        Assert.Equal(5.333333333333334, r.Statistic, 1e-12);
        Assert.Equal(2, r.DegreesOfFreedom);
        Assert.Equal(0.0694834512228015, r.PValue, 1e-10);
        // a class absent from both versions does not count: chi2_contingency([[200,180,220],[190,210,200]]) = (3.5164835164835164, 0.17234762637379797)
        var s = LabelShiftTest.Compute([200, 180, 0, 220], [190, 210, 0, 200]);
        Assert.Equal(3.5164835164835164, s.Statistic, 1e-12);
        Assert.Equal(0.17234762637379797, s.PValue, 1e-10);
        Assert.Equal(0, LabelShiftTest.Compute([5, 5], [5, 5]).Statistic);
    }

    [Fact]
    public void MmdMatchesTheHandWorkedCase()
    {
        // x = {0, 1}, y = {2, 3}, sigma = 1, k = exp(-d^2/2): XX = YY = e^-0.5; XY = (2e^-2 + e^-4.5 + e^-0.5)/4
        double xx = Math.Exp(-0.5), xy = (2 * Math.Exp(-2) + Math.Exp(-4.5) + Math.Exp(-0.5)) / 4;
        var r = MaximumMeanDiscrepancy.Test([[0.0], [1.0]], [[2.0], [3.0]], permutations: 0, bandwidth: 1);
        Assert.Equal(2 * xx - 2 * xy, r.Mmd2, 1e-12);
        // the median heuristic: pooled distances {1,2,3,1,2,1} have median 1.5
        Assert.Equal(1.5, MaximumMeanDiscrepancy.Test([[0.0], [1.0]], [[2.0], [3.0]], permutations: 0).Bandwidth);
    }

    [Fact]
    public void MmdPermutationTestSeparatesShiftedFromSameDistribution()
    {
        var rng = new Random(7);
        double[][] Gauss(int n, double mean) => Enumerable.Range(0, n).Select(_ => new[] { mean + Normal(rng), Normal(rng) }).ToArray();
        var same = MaximumMeanDiscrepancy.Test(Gauss(60, 0), Gauss(60, 0), permutations: 200, seed: 1);
        var shifted = MaximumMeanDiscrepancy.Test(Gauss(60, 0), Gauss(60, 1.5), permutations: 200, seed: 1);
        Assert.True(same.PValue > 0.05, $"same distribution: p = {same.PValue}");
        Assert.Equal(1.0 / 201, shifted.PValue, 1e-12); // no permutation reaches the observed MMD^2
    }

    static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    [Fact]
    public void ConfidentLearningFlagsTheHandWorkedIssues()
    {
        // class thresholds: t0 = mean p0 over label-0 rows = (0.9 + 0.8 + 0.2)/3 = 0.6333; t1 = mean p1 over label-1 rows = (0.7 + 0.3 + 0.6)/3 = 0.5333
        // row 2 (label 0, p = [0.2, 0.8]): only p1 >= t1 -> confident class 1 -> issue; row 4 (label 1, p = [0.7, 0.3]): only p0 >= t0 -> issue
        double[,] p = { { 0.9, 0.1 }, { 0.8, 0.2 }, { 0.2, 0.8 }, { 0.3, 0.7 }, { 0.7, 0.3 }, { 0.4, 0.6 } };
        int[] labels = [0, 0, 0, 1, 1, 1];
        // row 5 (label 1, p1 = 0.6 >= 0.5333) agrees with its label
        var r = ConfidentLearningNoise.Estimate(p, labels);
        Assert.Equal(new[] { (2, 0, 1), (4, 1, 0) }, r.Issues);
        Assert.Equal(2.0 / 6, r.Rate, 1e-12);
    }

    [Fact]
    public void LeakageCheckFindsPlantedDuplicates()
    {
        var rng = new Random(3);
        const int d = 64;
        float[] Images(int n) => Enumerable.Range(0, n * d).Select(_ => (float)rng.NextDouble()).ToArray();
        var train = Images(100);
        var test = Images(20);
        // plant: test 3, 7, 11 are exact copies of train 5, 50, 99; test 15 is train 20 plus noise of RMS ~0.005; test 18 is train 21 shifted by 0.1
        foreach (var (t, s) in new[] { (3, 5), (7, 50), (11, 99), (15, 20), (18, 21) }) Array.Copy(train, s * d, test, t * d, d);
        for (int j = 0; j < d; j++) { test[15 * d + j] += (j % 2 == 0 ? 0.005f : -0.005f); test[18 * d + j] = Math.Clamp(test[18 * d + j] + 0.1f, 0, 1); }
        var r = DuplicateFinder.Find(test, train, d);
        Assert.Equal(new[] { (3, 5), (7, 50), (11, 99) }, r.Exact);
        Assert.Equal(new[] { 3, 7, 11, 15 }, r.Near.Select(n => n.Probe));
        Assert.Equal(20, r.Near.Single(n => n.Probe == 15).Reference);
        Assert.Equal(0.005, r.Near.Single(n => n.Probe == 15).Rms, 1e-3);
    }

    [Fact]
    public void TopLabelCalibrationErrorEqualsTheQualityEce()
    {
        var rng = new Random(11);
        int n = 300, k = 4;
        var p = new double[n, k];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            var z = Enumerable.Range(0, k).Select(_ => 3 * rng.NextDouble()).ToArray();
            double s = z.Sum(Math.Exp);
            for (int j = 0; j < k; j++) p[i, j] = Math.Exp(z[j]) / s;
            labels[i] = rng.Next(k);
        }
        var conf = new double[n];
        var correct = new bool[n];
        for (int i = 0; i < n; i++)
        {
            int best = 0;
            for (int j = 1; j < k; j++) if (p[i, j] > p[i, best]) best = j;
            (conf[i], correct[i]) = (p[i, best], best == labels[i]);
        }
        Assert.Equal(ExpectedCalibrationError.Compute(p, labels), TopLabelCalibrationError.Compute(conf, correct, Enumerable.Range(0, n).ToArray()), 1e-12);
    }

    [Fact]
    public void PerClassAccuracyNamesTheWorstClassAndSeedSpreadOrdersByDirection()
    {
        int[] labels = [0, 0, 1, 1, 1, 2];
        bool[] correct = [true, false, true, true, false, true];
        var idx = Enumerable.Range(0, 6).ToArray();
        Assert.Equal(new[] { 0.5, 2.0 / 3, 1.0, double.NaN }, PerClassAccuracy.Compute(labels, correct, idx, 4));
        Assert.Equal((0.5, 0), PerClassAccuracy.Worst(labels, correct, idx, 4));
        Assert.Equal(new SeedSpreadResult(0.9, 0.8, 0.6, 4), SeedSpread.Compute([0.8, 0.6, 0.9, 0.8], higherIsBetter: true));
        Assert.Equal(new SeedSpreadResult(0.1, 0.25, 0.4, 3) with { Median = 0.2 }, SeedSpread.Compute([0.4, 0.1, 0.2], higherIsBetter: false));
    }

    [Fact]
    public void PairedBootstrapOfIdenticalEvaluationsIsZero()
    {
        var correct = Enumerable.Range(0, 50).Select(i => i % 3 != 0).ToArray();
        double Acc(int[] idx) => idx.Average(i => correct[i] ? 1.0 : 0.0);
        var r = PairedBootstrap.Paired(50, Acc, Acc, 500, 0);
        Assert.Equal((0.0, 0.0, 0.0), (r.Estimate, r.Low, r.High));
        var u = PairedBootstrap.Unpaired(50, Acc, 50, Acc, 500, 0);
        Assert.True(u.Low < 0 && u.High > 0, $"unpaired interval [{u.Low}, {u.High}] should straddle 0");
    }

    [Fact]
    public void MmdWitnessPointsAtTheDriftedImage()
    {
        // reference {0, 0}, current {0, 0, 3}, sigma 1: w(0) = (k(0,0) + k(0,3))/2 - (k(0,0) + k(0,0))/2 = (1 + e^-4.5)/2 - 1, w(3) = (e^-4.5 + e^-4.5)/2 - e^-4.5 = 0
        var w = MaximumMeanDiscrepancy.Witness([[0.0], [0.0]], [[0.0], [0.0], [3.0]], 1);
        double near = (1 + Math.Exp(-4.5)) / 2 - 1;
        Assert.Equal(near, w[0], 1e-12);
        Assert.Equal(near, w[1], 1e-12);
        Assert.Equal(0, w[2], 1e-12);
        Assert.Equal(2, Array.IndexOf(w, w.Max()));
    }
}
