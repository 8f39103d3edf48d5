using GapLab.Testbed;

namespace GapLab.Core.Tests.Testbed;

public class TradeOffTests
{
    /// <summary>A cell at (s, k of 5 seen, model) whose six statistics are <paramref name="f"/>.</summary>
    internal static TestbedCell Cell(double ssim, int k, int modelIndex, long parameters, params double[] f) => new(
        $"m{modelIndex}", modelIndex, parameters, ssim, ssim, DistortionRoute.Calibrated, 0, true, k, k / (5.0 + k), 5 + k, 100, 1 - f[0],
        f[0], f[1], f[2], f[3], f[4], f[5], 0, [], [], new long[1, 1]);

    /// <summary>
    /// Cells on SSIM {0.6, 0.8, 1} x k {0, 1, 5} x sizes {100, 200, 300} with S = sum f = -(1.6 x + 1.5 y + 1.0 z), split over f1..f6.
    /// S is linear in (x, y, z), so trilinear interpolation reproduces it exactly.
    /// </summary>
    static List<TestbedCell> LinearCells()
    {
        var cells = new List<TestbedCell>();
        long[] sizes = [100, 200, 300];
        foreach (var s in new[] { 0.6, 0.8, 1.0 })
            foreach (var k in new[] { 0, 1, 5 })
                for (int m = 0; m < 3; m++)
                {
                    double y = 1 - k / (5.0 + k), z = m / 2.0;
                    double total = -(1.6 * s + 1.5 * y + 1.0 * z);
                    cells.Add(Cell(s, k, m, sizes[m], total / 2, total / 4, total / 8, total / 8, 0, 0));
                }
        return cells;
    }

    [Fact]
    public void WithoutBarrierTheMinimiserIsBOver2A()
    {
        // minimise -b x + a x^2 per axis: x* = 1.6/2 = 0.8, y* = 1.5/2 = 0.75, z* = 1/2 = 0.5 (all inside the box)
        var grid = TestbedGrid.FromCells(LinearCells());
        var p = TradeOffSolver.Solve(grid, new TradeOffOptions { BarrierScale = 0, GridPoints = 41 });
        Assert.Equal(0.8, p.SsimLowerBound, 4);
        Assert.Equal(0.25, p.ZeroShotUpperBound, 4);
        Assert.Equal(0.5, p.Z, 4);
        Assert.Equal(200, p.ModelSizeLowerBound, 2); // linear: 100 + 0.5 (300 - 100)
        double s = -(1.6 * 0.8 + 1.5 * 0.75 + 0.5);
        Assert.Equal(s / 2, p.GeneralizationBound, 4);
        Assert.Equal(s / 4, p.DiversityBound, 4);
        Assert.Equal(s, p.Surrogate, 4);
        Assert.Equal(s + 0.64 + 0.5625 + 0.25, p.Objective, 4);
    }

    [Fact]
    public void WeightsMoveTheMinimiserAndTheLogScaleChangesTheSizeBound()
    {
        var cells = LinearCells();
        var p = TradeOffSolver.Solve(TestbedGrid.FromCells(cells, SizeScale.Log),
            new TradeOffOptions { BarrierScale = 0, Weights = [2, 1, 1], GridPoints = 41, SizeScale = SizeScale.Log });
        Assert.Equal(0.6, p.SsimLowerBound, 4); // 1.6 / (2*2) = 0.4 is below the box: clamped to the lower bound 0.6
        // on the log scale the cells' z are ln(p/100)/ln 3 = 0, r = ln 2/ln 3 = 0.631, 1 while the statistics were made linear in m/2, so
        // S is piecewise linear in z with slope -0.5/r on [0, r]: -0.5 z/r + z^2 is smallest at z* = 0.25/r = 0.3962 (objective -0.157;
        // the other segment's local minimum z = 0.678 gives -0.104), i.e. 100 * 3^z* = 154.5 parameters
        double r = Math.Log(2) / Math.Log(3), z = 0.25 / r;
        Assert.Equal(z, p.Z, 4);
        Assert.Equal(100 * Math.Pow(3, z), p.ModelSizeLowerBound, 1);
        Assert.Equal(0.25, p.ZeroShotUpperBound, 4);
    }

    [Fact]
    public void WithTheReferenceBarrierTheSolutionIsAStationaryPoint()
    {
        var grid = TestbedGrid.FromCells(LinearCells());
        var o = new TradeOffOptions { GridPoints = 41 };
        var p = TradeOffSolver.Solve(grid, o);
        double F(double x, double y, double z) => TradeOffSolver.Objective(grid, o, x, y, z);
        Assert.Equal(F(p.X, p.Y, p.Z), p.Objective, 10);
        const double h = 1e-4;
        // interior optimum in x and y: central differences vanish (to the grid search's resolution)
        Assert.InRange((F(p.X + h, p.Y, p.Z) - F(p.X - h, p.Y, p.Z)) / (2 * h), -0.02, 0.02);
        Assert.InRange((F(p.X, p.Y + h, p.Z) - F(p.X, p.Y - h, p.Z)) / (2 * h), -0.02, 0.02);
        var rng = new Random(1);
        for (int i = 0; i < 200; i++)
            Assert.True(p.Objective <= F(0.6 + 0.4 * rng.NextDouble(), 0.5 + 0.5 * rng.NextDouble(), rng.NextDouble()) + 1e-9);
        Assert.Equal([1.0, 1.0, 1.0], p.Weights);
    }

    [Fact]
    public void SingleModelAndSingleLevelAxesAreFixed()
    {
        var cells = new[] { Cell(0.7, 0, 0, 50, 0.2, 0.3, 0, 0, 0, 0), Cell(0.7, 5, 0, 50, 0.4, 0.5, 0, 0, 0, 0) };
        var p = TradeOffSolver.Solve(TestbedGrid.FromCells(cells), new TradeOffOptions { GridPoints = 11 });
        Assert.Equal(0.7, p.SsimLowerBound);
        Assert.Equal(50, p.ModelSizeLowerBound);
        Assert.InRange(p.ZeroShotUpperBound, 0, 0.5);
    }

    [Fact]
    public void IncompleteOrAmbiguousGridsAreRejected()
    {
        var cells = LinearCells();
        var e = Assert.Throws<ArgumentException>(() => TestbedGrid.FromCells(cells.Skip(1).ToList()));
        Assert.Contains("exactly one cell per combination", e.Message);
        var same = cells.Select(c => c with { Parameters = 100 }).ToList();
        Assert.Contains("distinct parameter counts", Assert.Throws<ArgumentException>(() => TestbedGrid.FromCells(same)).Message);
        Assert.Throws<ArgumentException>(() => new TradeOffOptions { Weights = [1, 1] }.Validate());
        Assert.Throws<ArgumentException>(() => new TradeOffOptions { GridPoints = 2 }.Validate());
    }

    [Fact]
    public void The_achieved_SSIM_can_place_the_levels_and_the_point_says_which()
    {
        // two levels, target 0.6 and 1.0; the 0.6 cells achieved 0.61 and 0.63 (mean 0.62)
        var cells = new List<TestbedCell>();
        foreach (var s in new[] { 0.6, 1.0 })
            foreach (var k in new[] { 0, 5 })
                foreach (var (m, p) in new[] { (0, 100L), (1, 200L) })
                    cells.Add(Cell(s, k, m, p, 0.5 - 0.2 * s, 0.4, 0.1, 0.1, 0.6, 0.5) with { AchievedSsim = s == 1.0 ? 1.0 : (m == 0 ? 0.61 : 0.63) });
        Assert.Equal([0.6, 1.0], TestbedGrid.FromCells(cells).X);
        var achieved = TestbedGrid.FromCells(cells, SizeScale.Linear, SsimCoordinate.Achieved);
        Assert.Equal(0.62, achieved.X[0], 12);
        Assert.Equal(1.0, achieved.X[1], 12);
        var point = TradeOffSolver.Solve(achieved, new TradeOffOptions { SsimCoordinate = SsimCoordinate.Achieved });
        Assert.Equal(SsimCoordinate.Achieved, point.SsimCoordinate);
        Assert.InRange(point.SsimLowerBound, 0.62, 1.0);
        Assert.Equal(SsimCoordinate.Target, TradeOffSolver.Solve(TestbedGrid.FromCells(cells)).SsimCoordinate);
        // levels whose achieved SSIM overlap cannot be ordered by it
        var overlapping = cells.Select(c => c.SsimTarget == 0.6 ? c with { AchievedSsim = 1.0 } : c).ToList();
        var e = Assert.Throws<ArgumentException>(() => TestbedGrid.FromCells(overlapping, SizeScale.Linear, SsimCoordinate.Achieved));
        Assert.StartsWith("the achieved mean SSIM of level 1 (1.0000) is not above that of level 0.6 (1.0000)", e.Message);
    }
}
