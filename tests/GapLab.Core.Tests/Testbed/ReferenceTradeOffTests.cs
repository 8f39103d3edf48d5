using System.Globalization;
using System.Text.Json;
using GapLab.Analysis;
using GapLab.Core.Tests.Science;
using GapLab.Testbed;
using GapLab.IO;

namespace GapLab.Core.Tests.Testbed;

/// <summary>
/// The reference trade-off method (Delaunay griddata 'linear' + SLSQP) against hand-worked cases and against scipy's numbers in
/// docs/testbed-reference/reference.json (written by docs/testbed-reference/make_reference.py with scipy 1.10.1).
/// </summary>
public class ReferenceTradeOffTests
{
    static readonly Lazy<JsonElement> Reference = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(CommittedTablesTests.Repo(), "docs", "testbed-reference", "reference.json"))).RootElement);

    static double[][] Matrix(JsonElement e) => e.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();

    static double[] Vector(JsonElement e) => e.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? double.NaN : v.GetDouble()).ToArray();

    [Fact]
    public void OneTetrahedronIsBarycentricInsideAndNaNOutside()
    {
        var d = new DelaunayLinearInterpolator([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]]);
        double[] v = [1, 2, 3, 4];
        Assert.Single(d.Tetrahedra);
        // weights (1 - x - y - z, x, y, z): (0.4, 0.1, 0.2, 0.3) -> 0.4 + 0.2 + 0.6 + 1.2
        Assert.Equal(2.4, d.At(v, 0.1, 0.2, 0.3), 14);
        Assert.Equal(2.5, d.At(v, 0.25, 0.25, 0.25), 14);
        Assert.Equal(3, d.At(v, 0, 1, 0), 14);
        Assert.Equal(3, d.At(v, 0.5, 0, 0.5), 14); // on the edge from (1,0,0) to (0,0,1): (2 + 4) / 2
        Assert.True(double.IsNaN(d.At(v, 0.5, 0.5, 0.5)));
        Assert.True(double.IsNaN(d.At(v, -0.01, 0.2, 0.2)));
    }

    [Fact]
    public void ALinearFunctionIsReproducedEverywhereInsideADegenerateGrid()
    {
        // a 4 x 3 x 3 rectilinear grid: every cell's 8 corners are co-spherical, the tie-break must still tile the box
        double[] xs = [0.6, 0.7, 0.85, 1.0], ys = [0.5, 0.8, 1.0], zs = [0, 0.1, 1];
        var points = (from x in xs from y in ys from z in zs select new[] { x, y, z }).ToList();
        static double F(double x, double y, double z) => 1 + 2 * x - 3 * y + 0.5 * z;
        var values = points.Select(p => F(p[0], p[1], p[2])).ToArray();
        var d = new DelaunayLinearInterpolator(points);
        double volume = d.Tetrahedra.Sum(t => Volume(points, t));
        Assert.Equal(0.4 * 0.5 * 1.0, volume, 12);
        var rng = new Random(3);
        for (int i = 0; i < 500; i++)
        {
            double x = 0.6 + 0.4 * rng.NextDouble(), y = 0.5 + 0.5 * rng.NextDouble(), z = rng.NextDouble();
            Assert.Equal(F(x, y, z), d.At(values, x, y, z), 12);
        }
        Assert.Equal(F(0.6, 0.5, 0), d.At(values, 0.6, 0.5, 0), 14); // a hull corner (the reference start point)
        Assert.Equal(F(1, 0.75, 0.3), d.At(values, 1, 0.75, 0.3), 12); // on a hull face
        Assert.True(double.IsNaN(d.At(values, 0.59, 0.7, 0.5)));
    }

    [Fact]
    public void EveryTetrahedronHasAnEmptyCircumsphere()
    {
        // the Delaunay property (no point strictly inside any circumsphere), on the random set and on a co-spherical grid
        var random = Matrix(Reference.Value.GetProperty("scattered").GetProperty("points")).ToList();
        var grid = (from x in new[] { 0.6, 0.7, 0.8, 0.9, 1.0 } from y in new[] { 0.5, 0.625, 5.0 / 6, 1.0 } from z in new[] { 0, 0.08, 1.0 } select new[] { x, y, z }).ToList();
        foreach (var points in new[] { random, grid })
        {
            var d = new DelaunayLinearInterpolator(points);
            foreach (var t in d.Tetrahedra)
            {
                var (center, radius) = Circumsphere(points, t);
                foreach (var q in points)
                    Assert.True(Math.Sqrt(Sq(q[0] - center[0]) + Sq(q[1] - center[1]) + Sq(q[2] - center[2])) >= radius * (1 - 1e-9));
            }
            Assert.Equal(points.Count, d.Tetrahedra.SelectMany(t => t).Distinct().Count()); // every point is a vertex
        }
    }

    [Theory]
    [InlineData(9, 6, 4, 1)] // the cifar100 layout
    [InlineData(2, 2, 2, 2)]
    [InlineData(5, 4, 3, 3)]
    [InlineData(3, 7, 2, 4)]
    public void GridsOfAnyShapeAreTiledWithoutGapsOrOverlaps(int nx, int ny, int nz, int seed)
    {
        // uneven spacings (sorted random axes): the tetrahedra fill the box exactly and reproduce a linear function
        var rng = new Random(seed);
        double[] Axis(int n) => Enumerable.Range(0, n).Select(i => i == 0 ? 0.0 : i + rng.NextDouble() * 0.9).ToArray();
        double[] xs = Axis(nx), ys = Axis(ny), zs = Axis(nz);
        var points = (from x in xs from y in ys from z in zs select new[] { x, y, z }).ToList();
        var d = new DelaunayLinearInterpolator(points);
        double box = xs[^1] * ys[^1] * zs[^1];
        Assert.Equal(box, d.Tetrahedra.Sum(t => Volume(points, t)), 9);
        var values = points.Select(p => 3 - p[0] + 2 * p[1] - 0.5 * p[2]).ToArray();
        for (int i = 0; i < 200; i++)
        {
            double x = xs[^1] * rng.NextDouble(), y = ys[^1] * rng.NextDouble(), z = zs[^1] * rng.NextDouble();
            Assert.Equal(3 - x + 2 * y - 0.5 * z, d.At(values, x, y, z), 10);
        }
    }

    static double Sq(double v) => v * v;

    /// <summary>Centre c with |c - p_i|² equal for the four vertices: 2 (p_i - p_3)·c = |p_i|² - |p_3|², solved by Cramer's rule.</summary>
    static (double[] Center, double Radius) Circumsphere(List<double[]> p, IReadOnlyList<int> t)
    {
        var o = p[t[3]];
        var a = new double[3, 3];
        var b = new double[3];
        for (int i = 0; i < 3; i++)
        {
            var v = p[t[i]];
            for (int k = 0; k < 3; k++) a[i, k] = 2 * (v[k] - o[k]);
            b[i] = Sq(v[0]) + Sq(v[1]) + Sq(v[2]) - Sq(o[0]) - Sq(o[1]) - Sq(o[2]);
        }
        static double Det(double[,] m) => m[0, 0] * (m[1, 1] * m[2, 2] - m[1, 2] * m[2, 1]) - m[0, 1] * (m[1, 0] * m[2, 2] - m[1, 2] * m[2, 0]) + m[0, 2] * (m[1, 0] * m[2, 1] - m[1, 1] * m[2, 0]);
        double det = Det(a);
        var c = new double[3];
        for (int k = 0; k < 3; k++)
        {
            var m = (double[,])a.Clone();
            for (int i = 0; i < 3; i++) m[i, k] = b[i];
            c[k] = Det(m) / det;
        }
        return (c, Math.Sqrt(Sq(o[0] - c[0]) + Sq(o[1] - c[1]) + Sq(o[2] - c[2])));
    }

    static double Volume(List<double[]> p, IReadOnlyList<int> t)
    {
        double[] a = p[t[0]], b = p[t[1]], c = p[t[2]], o = p[t[3]];
        double ax = a[0] - o[0], ay = a[1] - o[1], az = a[2] - o[2], bx = b[0] - o[0], by = b[1] - o[1], bz = b[2] - o[2], cx = c[0] - o[0], cy = c[1] - o[1], cz = c[2] - o[2];
        return Math.Abs(ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx)) / 6;
    }

    [Fact]
    public void ScatteredPointsMatchScipyGriddataLinear()
    {
        var s = Reference.Value.GetProperty("scattered");
        var points = Matrix(s.GetProperty("points"));
        var values = Vector(s.GetProperty("values"));
        var queries = Matrix(s.GetProperty("queries"));
        var expected = Vector(s.GetProperty("griddata_linear"));
        var d = new DelaunayLinearInterpolator(points);
        int outside = 0;
        for (int i = 0; i < queries.Length; i++)
        {
            double got = d.At(values, queries[i][0], queries[i][1], queries[i][2]);
            Assert.Equal(double.IsNaN(expected[i]), double.IsNaN(got));
            if (double.IsNaN(got)) outside++;
            else Assert.True(Math.Abs(got - expected[i]) <= 1e-12, $"query {i}: {got} vs scipy {expected[i]}");
        }
        Assert.Equal(s.GetProperty("outside_hull").GetInt32(), outside);
        Assert.True(outside is > 20 and < 280); // both sides of the hull are exercised
    }

    [Fact]
    public void SlsqpFindsTheConstrainedMinimumOfAQuadratic()
    {
        // min (x - 2)^2 + (y - 1)^2 s.t. x + y <= 2, 0 <= x, y <= 3: the constraint is active, x - 2 = y - 1 - ... -> (1.5, 0.5), value 0.5
        var r = Slsqp.Minimize(v => (v[0] - 2) * (v[0] - 2) + (v[1] - 1) * (v[1] - 1), [0, 0], [0, 0], [3, 3], [[-1, -1]], [-2]);
        Assert.True(r.Converged, r.Message);
        Assert.Equal(1.5, r.X[0], 6);
        Assert.Equal(0.5, r.X[1], 6);
        Assert.Equal(0.5, r.Value, 8);
        var scipy = Reference.Value.GetProperty("hand_slsqp");
        Assert.Equal(scipy.GetProperty("nit").GetInt32(), r.Iterations);
        Assert.Equal(Vector(scipy.GetProperty("x")), r.X.ToArray(), (a, b) => Math.Abs(a - b) < 1e-8);
    }

    [Fact]
    public void SlsqpStopsAtABoundWhenTheUnconstrainedMinimumIsOutside()
    {
        // min (x + 1)^2 + (y - 0.25)^2 on [0, 1]^2: x* = 0 (bound), y* = 0.25
        var r = Slsqp.Minimize(v => (v[0] + 1) * (v[0] + 1) + (v[1] - 0.25) * (v[1] - 0.25), [1, 1], [0, 0], [1, 1]);
        Assert.True(r.Converged, r.Message);
        Assert.Equal(0, r.X[0], 9);
        Assert.Equal(0.25, r.X[1], 6);
    }

    [Fact]
    public void SlsqpReachesTheFeasibleOptimumFromAnInfeasibleStart()
    {
        // min x^2 + y^2 s.t. x + y >= 1 from (0, 0), which violates it: the minimum is (0.5, 0.5), value 0.5, with multiplier 1
        var r = Slsqp.Minimize(v => v[0] * v[0] + v[1] * v[1], [0, 0], [-5, -5], [5, 5], [[1, 1]], [1]);
        Assert.True(r.Converged, r.Message);
        Assert.Equal(0.5, r.X[0], 6);
        Assert.Equal(0.5, r.X[1], 6);
        Assert.Equal(0.5, r.Value, 8);
    }

    static TestbedGrid CommittedGrid()
    {
        var csv = CsvTable.Read(Path.Combine(CommittedTablesTests.Repo(), "docs", "testbed", "testbed-cells.csv"));
        double D(string[] r, string c) => double.Parse(r[csv.Column(c)], CultureInfo.InvariantCulture);
        var cells = csv.Rows.Select(r => TradeOffTests.Cell(D(r, "ssim_target"), int.Parse(r[csv.Column("unseen_classes")], CultureInfo.InvariantCulture),
            int.Parse(r[csv.Column("model_index")], CultureInfo.InvariantCulture), long.Parse(r[csv.Column("parameters")], CultureInfo.InvariantCulture),
            D(r, "f1_mean_error"), D(r, "f2_mean_kappa_distance"), D(r, "f3_std_error"), D(r, "f4_std_kappa_distance"), D(r, "f5_p10_error"),
            D(r, "f6_p10_kappa_distance"))).ToList();
        return TestbedGrid.FromCells(cells);
    }

    [Fact]
    public void OnQhullsTetrahedraTheReferenceMethodLandsOnScipysPoint()
    {
        // same interpolant as scipy (its Delaunay simplices of the committed cells), so this checks SLSQP alone
        var t = Reference.Value.GetProperty("tradeoff");
        var points = Matrix(t.GetProperty("points"));
        var stats = Matrix(t.GetProperty("statistics"));
        var perStatistic = Enumerable.Range(0, 6).Select(s => stats.Select(r => r[s]).ToArray()).ToArray();
        var simplices = t.GetProperty("qhull_simplices").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt32()).ToArray());
        var d = DelaunayLinearInterpolator.FromTetrahedra(points, simplices);
        var probes = Matrix(t.GetProperty("probes"));
        var probeS = Vector(t.GetProperty("probe_surrogate"));
        for (int i = 0; i < probes.Length; i++)
            Assert.Equal(probeS[i], perStatistic.Sum(v => d.At(v, probes[i][0], probes[i][1], probes[i][2])), 12);
        var p = TradeOffSolver.SolveReference(CommittedGrid(), new TradeOffOptions { Method = TradeOffMethod.Reference }, perStatistic, d);
        var x = Vector(t.GetProperty("slsqp").GetProperty("x"));
        Assert.Equal(x[0], p.X, 1e-6);
        Assert.Equal(x[1], p.Y, 1e-6);
        Assert.Equal(x[2], p.Z, 1e-6);
        Assert.Equal(t.GetProperty("slsqp").GetProperty("fun").GetDouble(), p.Objective, 1e-6); // SLSQP's ftol
        Assert.Equal(t.GetProperty("generalization_bound").GetDouble(), p.GeneralizationBound, 6);
        Assert.Equal(t.GetProperty("slsqp").GetProperty("nit").GetInt32(), int.Parse(p.Solver.Split(" iterations")[0].Split(' ')[^1], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void OnItsOwnTetrahedraTheReferenceMethodDiffersFromScipyByQhullsTieBreak()
    {
        // the committed cells are a regular 5 x 4 x 3 grid: every box's 8 corners are co-spherical, and GapLab's tie-break (insertion order)
        // cuts the boxes into other tetrahedra than Qhull does, so the interpolant and the point differ from scipy's by a few hundredths
        var t = Reference.Value.GetProperty("tradeoff");
        var p = TradeOffSolver.Solve(CommittedGrid(), new TradeOffOptions { Method = TradeOffMethod.Reference });
        Assert.Equal(TradeOffMethod.Reference, p.Method);
        Assert.Contains("Optimization terminated successfully", p.Solver);
        Assert.Contains("144 tetrahedra", p.Interpolation); // 6 per box, none flat (Qhull: 144 + 26 flat ones)
        Assert.Equal(0.833781, p.SsimLowerBound, 5);
        Assert.Equal(0.237034, p.ZeroShotUpperBound, 5);
        Assert.Equal(0.278947, p.GeneralizationBound, 5);
        Assert.Equal(0.325098, p.DiversityBound, 5);
        Assert.InRange(p.SsimLowerBound - t.GetProperty("ssim_lower_bound").GetDouble(), 0.033, 0.035);
        Assert.InRange(p.ZeroShotUpperBound - t.GetProperty("zero_shot_upper_bound").GetDouble(), 0.015, 0.017);
        Assert.InRange(p.GeneralizationBound - t.GetProperty("generalization_bound").GetDouble(), -0.041, -0.039);
    }

    [Fact]
    public void TheDocsComparisonTableQuotesTheCommittedNumbers()
    {
        var repo = CommittedTablesTests.Repo();
        var doc = File.ReadAllLines(Path.Combine(repo, "docs", "testbed.md"));
        static string Row(string label, double ssim, double zeroShot, double size, double gen, double div) => string.Create(CultureInfo.InvariantCulture,
            $"| {label} | {ssim:0.000} | {zeroShot:0.000} | {size:N0} | {gen:0.0000} | {div:0.0000} |");
        using var grid = JsonDocument.Parse(File.ReadAllText(Path.Combine(repo, "docs", "testbed", "tradeoff.json")));
        var g = grid.RootElement.GetProperty("tradeoff");
        double G(string name) => g.GetProperty(name).GetDouble();
        Assert.Contains(Row("`grid` (GapLab default, `tradeoff.json`)", G("ssim_lower_bound"), G("zero_shot_upper_bound"), G("model_size_lower_bound"),
            G("generalization_bound"), G("diversity_bound")), doc);
        var t = Reference.Value.GetProperty("tradeoff");
        double T(string name) => t.GetProperty(name).GetDouble();
        Assert.Contains(Row("scipy griddata + SLSQP (`reference.json`)", T("ssim_lower_bound"), T("zero_shot_upper_bound"), T("model_size_lower_bound"),
            T("generalization_bound"), T("diversity_bound")), doc);
        var p = TradeOffSolver.Solve(CommittedGrid(), new TradeOffOptions { Method = TradeOffMethod.Reference });
        Assert.Contains(Row("`reference` (GapLab's tetrahedra)", p.SsimLowerBound, p.ZeroShotUpperBound, p.ModelSizeLowerBound, p.GeneralizationBound,
            p.DiversityBound), doc);
        // the grid method reproduces the committed tradeoff.json from the committed cells
        var q = TradeOffSolver.Solve(CommittedGrid());
        Assert.Equal(G("generalization_bound"), q.GeneralizationBound, 12);
        Assert.Equal(G("zero_shot_upper_bound"), q.ZeroShotUpperBound, 12);
    }

    [Fact]
    public void TheDocsQuoteTheSpreadOverInsertionOrders()
    {
        // the same cells inserted in 20 shuffled orders (seeds 0-19): each order breaks the co-spherical ties differently
        var grid = CommittedGrid();
        var (points, stats) = grid.Scattered();
        var o = new TradeOffOptions { Method = TradeOffMethod.Reference };
        var runs = Enumerable.Range(0, 20).Select(seed =>
        {
            var order = Enumerable.Range(0, points.Count).ToArray();
            new Random(seed).Shuffle(order);
            var d = new DelaunayLinearInterpolator(order.Select(i => points[i]).ToList());
            return TradeOffSolver.SolveReference(grid, o, stats.Select(v => order.Select(i => v[i]).ToArray()).ToList(), d);
        }).ToList();
        Assert.All(runs, p => Assert.Contains("Optimization terminated successfully", p.Solver));
        var tetrahedra = runs.Select(p => int.Parse(p.Interpolation.Split('(')[1].Split(' ')[0], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal((140, 144), (tetrahedra.Min(), tetrahedra.Max())); // some orders cut a box into 5 tetrahedra instead of 6
        string Range(Func<TradeOffPoint, double> f, string format) => string.Create(CultureInfo.InvariantCulture, $"{runs.Min(f).ToString(format, CultureInfo.InvariantCulture)}-{runs.Max(f).ToString(format, CultureInfo.InvariantCulture)}");
        string sentence = $"SSIM {Range(p => p.SsimLowerBound, "0.000")}, zero-shot {Range(p => p.ZeroShotUpperBound, "0.000")}, size {Range(p => p.ModelSizeLowerBound, "N0")} " +
            $"parameters, generalization bound {Range(p => p.GeneralizationBound, "0.0000")} and diversity bound {Range(p => p.DiversityBound, "0.0000")}";
        var doc = File.ReadAllText(Path.Combine(CommittedTablesTests.Repo(), "docs", "testbed.md")).ReplaceLineEndings(" ");
        Assert.Contains(sentence, string.Join(' ', doc.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
    }
}
