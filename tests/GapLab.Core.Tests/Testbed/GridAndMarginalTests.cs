using GapLab.Testbed;

namespace GapLab.Core.Tests.Testbed;

public class GridAndMarginalTests
{
    static double Multilinear(double x, double y, double z) => 1 + 2 * x - 3 * y + 0.5 * z + 4 * x * y - x * z + 2 * y * z - 3 * x * y * z;

    [Fact]
    public void TrilinearInterpolationIsExactForMultilinearFunctionsOnAnUnevenGrid()
    {
        double[] xs = [0.6, 0.7, 0.95, 1.0], ys = [0.5, 0.8, 1.0], zs = [0, 0.2, 1];
        var v = new double[4, 3, 3];
        for (int i = 0; i < 4; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 3; k++) v[i, j, k] = Multilinear(xs[i], ys[j], zs[k]);
        var g = new TrilinearGrid(xs, ys, zs, v);
        var rng = new Random(7);
        for (int n = 0; n < 100; n++)
        {
            double x = 0.6 + 0.4 * rng.NextDouble(), y = 0.5 + 0.5 * rng.NextDouble(), z = rng.NextDouble();
            Assert.Equal(Multilinear(x, y, z), g.At(x, y, z), 12);
        }
        Assert.Equal(Multilinear(0.7, 0.8, 0.2), g.At(0.7, 0.8, 0.2), 12);
        Assert.Equal(Multilinear(0.6, 0.5, 0), g.At(0.1, -3, -1), 12); // clamped to the nearest corner
    }

    [Fact]
    public void HandWorkedMidpointAndSingletonAxis()
    {
        // corners 0..7 on the unit cube: the centre is their mean 3.5; a one-value z axis is constant along z
        var cube = new double[2, 2, 2];
        for (int i = 0; i < 8; i++) cube[i >> 2, (i >> 1) & 1, i & 1] = i;
        Assert.Equal(3.5, new TrilinearGrid([0.0, 1], [0.0, 1], [0.0, 1], cube).At(0.5, 0.5, 0.5), 12);
        // the node values are 4a + 2b + c, so the interpolant is 4x + 2y + z: 1 + 1 + 0.25 at (0.25, 0.5, 0.25)
        Assert.Equal(2.25, new TrilinearGrid([0.0, 1], [0.0, 1], [0.0, 1], cube).At(0.25, 0.5, 0.25), 12);
        var flat = new double[2, 1, 1] { { { 2 } }, { { 6 } } };
        Assert.Equal(3, new TrilinearGrid([0.0, 2], [5.0], [9.0], flat).At(0.5, 123, -4), 12);
        Assert.Throws<ArgumentException>(() => new TrilinearGrid([1.0, 1.0], [0.0], [0.0], new double[2, 1, 1]));
        Assert.Throws<ArgumentException>(() => new TrilinearGrid([0.0, 1.0], [0.0], [0.0], new double[3, 1, 1]));
    }

    [Fact]
    public void MarginalsAverageOverTheOtherAxes()
    {
        // 2 SSIM levels x 2 k x 2 models; f1 = s + 10 k + 100 m, f2 = 1
        var cells = new List<TestbedCell>();
        foreach (var s in new[] { 0.6, 1.0 })
            foreach (var k in new[] { 0, 5 })
                for (int m = 0; m < 2; m++)
                    cells.Add(TradeOffTests.Cell(s, k, m, 1000 * (m + 1), s + 10 * k + 100 * m, 1, 0, 0, 0, 0));
        var marginals = TestbedMarginal.From(cells);
        Assert.Equal(6, marginals.Count);
        Assert.All(marginals, mg => Assert.Equal(4, mg.CellCount));
        var ssim = marginals.Where(mg => mg.Axis == "ssim").ToArray();
        Assert.Equal([0.6, 1.0], ssim.Select(mg => mg.Value));
        Assert.Equal(0.6 + 25 + 50, ssim[0].F1MeanError, 12); // mean of 10k over {0, 5} = 25, of 100m over {0, 1} = 50
        Assert.Equal(1.0 + 25 + 50, ssim[1].F1MeanError, 12);
        var zs = marginals.Where(mg => mg.Axis == "zero_shot").ToArray();
        Assert.Equal([0.0, 0.5], zs.Select(mg => mg.Value));
        Assert.Equal("k=5", zs[1].Label);
        Assert.Equal(0.8 + 50 + 50, zs[1].F1MeanError, 12);
        var model = marginals.Where(mg => mg.Axis == "model").ToArray();
        Assert.Equal([1000.0, 2000.0], model.Select(mg => mg.Value));
        Assert.Equal(0.8 + 25 + 100, model[1].F1MeanError, 12);
        Assert.All(marginals, mg => Assert.Equal(1, mg.F2MeanKappaDistance));
    }

    [Fact]
    public void CellStatisticsReproduceTheSpecKappaVector()
    {
        // spec 6.7: C = [[8,2],[1,9]] -> class 0: P0 0.85, Pe 0.5, kappa 0.70, d 0.30; class 1 is symmetric: d 0.30
        var labels = Enumerable.Repeat(0L, 10).Concat(Enumerable.Repeat(1L, 10)).ToArray();
        var predictions = Enumerable.Repeat(0L, 8).Concat([1L, 1L]).Concat([0L]).Concat(Enumerable.Repeat(1L, 9)).ToArray();
        var s = CellStatistics.FromPredictions(predictions, labels, 2);
        Assert.Equal(new long[,] { { 8, 2 }, { 1, 9 } }, s.Confusion);
        Assert.Equal(0.85, s.Accuracy, 12);
        Assert.Equal([0.2, 0.1], s.PerClass.ClassErrors.Select(e => Math.Round(e, 12)));
        Assert.Equal(0.3, s.PerClass.ClassKappaDistances[0], 12);
        Assert.Equal(0.3, s.PerClass.ClassKappaDistances[1], 12);
        Assert.Equal(0.15, s.PerClass.MeanError, 12);
        Assert.Equal(Math.Sqrt(0.005), s.PerClass.StdError, 12); // ddof 1 over {0.2, 0.1}
        Assert.Equal(0.11, s.PerClass.PercentileError, 12);     // 0.1 + 0.1 * (0.2 - 0.1)
    }
}
