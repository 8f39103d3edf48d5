using GapLab.Metrics.Correlation;

namespace GapLab.Core.Tests.Science;

public class PerClassStatisticsTests
{
    [Fact]
    public void SpecSelfTestVector_BinaryKappaIsPointSeven()
    {
        // C = [[8,2],[1,9]]: class 0 TP=8 FN=2 FP=1 TN=9, P0 = 0.85, Pe = 0.5 -> kappa 0.70, d 0.30 (class 1 is the mirror image)
        Assert.Equal(0.70, CohenKappa.OneVsRest(8, 2, 1, 9), 12);
        var s = PerClassStatistics.From(new ConfusionMatrix(new long[,] { { 8, 2 }, { 1, 9 } }));
        Assert.Equal([0.2, 0.1], s.ClassErrors.Select(v => Math.Round(v, 12)));
        Assert.Equal(0.30, s.ClassKappaDistances[0], 12);
        Assert.Equal(0.30, s.ClassKappaDistances[1], 12);
        // f1..f6: mean err, mean d, std err (ddof 1), std d (ddof 0), P10 err = 0.1 + 0.1*0.1, P10 d
        var f = s.AsVector();
        Assert.Equal(0.15, f[0], 12);
        Assert.Equal(0.30, f[1], 12);
        Assert.Equal(Math.Sqrt(0.005), f[2], 12);
        Assert.Equal(0, f[3], 12);
        Assert.Equal(0.11, f[4], 12);
        Assert.Equal(0.30, f[5], 12);
        Assert.Equal(0.30, s.GlobalKappaDistance, 12);
    }

    [Fact]
    public void ThreeClassHandWorkedMatrix_FromPredictions()
    {
        // C = [[5,1,0],[2,3,1],[0,0,4]], N = 16; rows 6,6,4; columns 7,4,5
        var truth = new List<long>();
        var predicted = new List<long>();
        int[,] c = { { 5, 1, 0 }, { 2, 3, 1 }, { 0, 0, 4 } };
        for (int t = 0; t < 3; t++)
            for (int p = 0; p < 3; p++)
                for (int k = 0; k < c[t, p]; k++) { truth.Add(t); predicted.Add(p); }
        var m = ConfusionMatrix.FromPredictions(predicted, truth, 3);
        Assert.Equal(16, m.Total);
        Assert.Equal(2, m[1, 0]);
        Assert.Equal(7, m.ColumnSum(0));
        double[] err = [1 / 6.0, 0.5, 0];
        // kappa_c = (256 P0 - 256 Pe) / (256 - 256 Pe): 76/124, 48/112, 88/104
        double[] d = [1 - 76 / 124.0, 1 - 48 / 112.0, 1 - 88 / 104.0];
        var s = PerClassStatistics.From(m);
        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(err[k], s.ClassErrors[k], 12);
            Assert.Equal(d[k], s.ClassKappaDistances[k], 12);
        }
        Assert.Equal(err.Average(), s.MeanError, 12);
        Assert.Equal(d.Average(), s.MeanKappaDistance, 12);
        Assert.Equal(Math.Sqrt(err.Sum(v => (v - err.Average()) * (v - err.Average())) / 2), s.StdError, 12);
        Assert.Equal(Math.Sqrt(d.Sum(v => (v - d.Average()) * (v - d.Average())) / 3), s.StdKappaDistance, 12);
        Assert.Equal(0.2 * (1 / 6.0), s.PercentileError, 12); // sorted [0, 1/6, 1/2], position 0.2
        var sortedD = d.Order().ToArray();
        Assert.Equal(sortedD[0] + 0.2 * (sortedD[1] - sortedD[0]), s.PercentileKappaDistance, 12);
        // global kappa: P0 = 12/16, Pe = (6*7 + 6*4 + 4*5)/256 = 86/256
        Assert.Equal(1 - (192 - 86) / (256.0 - 86), s.GlobalKappaDistance, 12);

        var switched = PerClassStatistics.From(m, new PerClassStatisticsOptions(ErrorStdDdof: 0, KappaStdDdof: 1, Percentile: 50, Interpolation: PercentileInterpolation.Lower));
        Assert.Equal(Math.Sqrt(err.Sum(v => (v - err.Average()) * (v - err.Average())) / 3), switched.StdError, 12);
        Assert.Equal(1 / 6.0, switched.PercentileError, 12);
    }

    [Fact]
    public void PerfectAndDegenerateCases()
    {
        var perfect = PerClassStatistics.From(new ConfusionMatrix(new long[,] { { 3, 0 }, { 0, 5 } }));
        Assert.All(perfect.AsVector(), v => Assert.Equal(0, v, 12));
        // every example of one class only: Pe = 1 -> kappa defined as 0
        Assert.Equal(0, CohenKappa.OneVsRest(10, 0, 0, 0));
    }

    [Fact]
    public void BadInput_IsRejected()
    {
        var e = Assert.Throws<InvalidDataException>(() => new ConfusionMatrix(new long[,] { { 3, 1 }, { 0, 0 } }).PerClassError());
        Assert.Contains("class 1 has no test examples", e.Message);
        var a = Assert.Throws<ArgumentException>(() => ConfusionMatrix.FromPredictions([0, 2], [0, 1], 2));
        Assert.Contains("predictions[1] = 2", a.Message);
        a = Assert.Throws<ArgumentException>(() => new ConfusionMatrix(new long[,] { { 1, -1 }, { 0, 1 } }));
        Assert.Contains("counts[0,1] = -1", a.Message);
        Assert.Throws<ArgumentException>(() => new ConfusionMatrix(new long[2, 3]));
    }
}
