namespace GapLab.Testbed;

/// <summary>
/// The trade-off point (spec metrics.md 1.7, README "Eq. 4"): minimise S(x,y,z) + a1 c1² + a2 c2² + a3 c3² + B over x, y, z and slacks c_i >= v_i,
/// all in the grid's box, B the soft barrier on all six variables. The slacks are eliminated exactly: g_i(c) = a_i c² + B_i(c) is convex, so
/// the best c_i given v_i is max(v_i, argmin g_i). <see cref="TradeOffMethod.Grid"/> (default): S trilinear in the grid, the 3-D box problem
/// solved by a dense grid search with refinement (spec note (c)). <see cref="TradeOffMethod.Reference"/>: as the reference code, S Delaunay-linear
/// on the scattered cells (scipy griddata 'linear') and SLSQP over all six variables from (x_min, y_min, z_min, x_max, y_max, z_max).
/// </summary>
public static class TradeOffSolver
{
    public static TradeOffPoint Solve(TestbedGrid grid, TradeOffOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var o = (options ?? new TradeOffOptions()).Validate();
        return (o.Method == TradeOffMethod.Reference ? SolveReference(grid, o) : SolveGrid(grid, o)) with { SsimCoordinate = o.SsimCoordinate };
    }

    static TradeOffPoint SolveGrid(TestbedGrid grid, TradeOffOptions o)
    {
        var box = Box(grid);
        var slack = Enumerable.Range(0, 3).Select(i => FreeSlack(o.Weights[i], box[i], o)).ToArray();
        double F(double x, double y, double z) => Objective(grid, o, box, slack, x, y, z);

        // steps per axis: a one-value axis is fixed
        var lo = box.Select(b => b.Lo).ToArray();
        var hi = box.Select(b => b.Hi).ToArray();
        double[] best = [lo[0], lo[1], lo[2]];
        double bestValue = double.PositiveInfinity;
        for (int round = 0; round <= o.RefinementRounds; round++)
        {
            var axes = Enumerable.Range(0, 3).Select(a => Points(lo[a], hi[a], o.GridPoints)).ToArray();
            foreach (var x in axes[0])
                foreach (var y in axes[1])
                    foreach (var z in axes[2])
                    {
                        double v = F(x, y, z);
                        if (v < bestValue) { bestValue = v; best = [x, y, z]; }
                    }
            for (int a = 0; a < 3; a++)
            {
                double step = axes[a].Length > 1 ? axes[a][1] - axes[a][0] : 0;
                lo[a] = Math.Max(box[a].Lo, best[a] - step);
                hi[a] = Math.Min(box[a].Hi, best[a] + step);
            }
        }
        var stats = Enumerable.Range(0, 6).Select(i => grid.Statistic(i, best[0], best[1], best[2])).ToArray();
        return new TradeOffPoint(best[0], 1 - best[1], grid.SizeAt(best[2]), stats[0], stats[1],
            best[0], best[1], best[2], stats, stats.Sum(), bestValue, o.Weights.ToArray(), o.BarrierRate, o.BarrierScale, o.SizeScale,
            "trilinear on the regular grid (values clamped outside it)",
            $"dense grid {o.GridPoints} points per axis + {o.RefinementRounds} refinement round(s); slacks eliminated exactly");
    }

    /// <summary>
    /// The reference code's route: griddata-linear f1..f6 over the scattered cells, SLSQP on (x, y, z, c1, c2, c3) with c_i - v_i >= 0,
    /// every variable in its axis' box, from the lower corner for (x, y, z) and the upper corner for the slacks. SLSQP evaluates inside the box,
    /// which is the cells' convex hull (a complete grid), so S is never NaN there.
    /// </summary>
    static TradeOffPoint SolveReference(TestbedGrid grid, TradeOffOptions o)
    {
        var box = Box(grid);
        if (box.Any(b => !(b.Hi > b.Lo)))
            throw new ArgumentException($"the reference trade-off method needs at least two values on every axis (SSIM {grid.X.Count}, zero-shot {grid.Y.Count}, models {grid.Z.Count}): the cells must span a 3-D hull for Delaunay interpolation; use the grid method.");
        var (points, stats) = grid.Scattered();
        return SolveReference(grid, o, stats, new DelaunayLinearInterpolator(points));
    }

    /// <summary>The reference route with a given interpolator over points whose f1..f6 are <paramref name="stats"/> (tests: Qhull's tetrahedra).</summary>
    internal static TradeOffPoint SolveReference(TestbedGrid grid, TradeOffOptions o, IReadOnlyList<double[]> stats, DelaunayLinearInterpolator interpolator)
    {
        var box = Box(grid);
        double[] Statistics(double x, double y, double z) => stats.Select(v => interpolator.At(v, x, y, z)).ToArray();
        double Objective(double[] v)
        {
            double value = Statistics(v[0], v[1], v[2]).Sum();
            for (int i = 0; i < 3; i++) value += o.Weights[i] * v[3 + i] * v[3 + i];
            for (int i = 0; i < 6; i++) value += Barrier(v[i], box[i % 3], o);
            return value;
        }
        double[] lower = [.. box.Select(b => b.Lo), .. box.Select(b => b.Lo)], upper = [.. box.Select(b => b.Hi), .. box.Select(b => b.Hi)];
        double[] start = [.. box.Select(b => b.Lo), .. box.Select(b => b.Hi)];
        var rows = Enumerable.Range(0, 3).Select(i => { var r = new double[6]; r[i] = -1; r[3 + i] = 1; return r; }).ToArray();
        var result = Slsqp.Minimize(Objective, start, lower, upper, rows);
        var x = result.X;
        var f = Statistics(x[0], x[1], x[2]);
        string inv(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        return new TradeOffPoint(x[0], 1 - x[1], grid.SizeAt(x[2]), f[0], f[1], x[0], x[1], x[2], f, f.Sum(), result.Value, o.Weights.ToArray(),
            o.BarrierRate, o.BarrierScale, o.SizeScale,
            $"Delaunay-linear on the {interpolator.PointCount} scattered cells ({interpolator.Tetrahedra.Count} tetrahedra; scipy griddata 'linear', NaN outside the hull)",
            $"SLSQP from ({string.Join(", ", start.Select(inv))}), ftol 1e-6: {result.Message} (status {result.Status}) after {result.Iterations} iterations, {result.Evaluations} evaluations; slacks c = ({inv(x[3])}, {inv(x[4])}, {inv(x[5])})")
        { Method = TradeOffMethod.Reference };
    }

    /// <summary>The objective after eliminating the slacks, at (x, y, z) inside the grid's box.</summary>
    public static double Objective(TestbedGrid grid, TradeOffOptions options, double x, double y, double z)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var o = options.Validate();
        var box = Box(grid);
        var slack = Enumerable.Range(0, 3).Select(i => FreeSlack(o.Weights[i], box[i], o)).ToArray();
        return Objective(grid, o, box, slack, x, y, z);
    }

    static double Objective(TestbedGrid grid, TradeOffOptions o, (double Lo, double Hi)[] box, double[] freeSlack, double x, double y, double z)
    {
        double value = grid.Surrogate(x, y, z);
        double[] v = [x, y, z];
        for (int i = 0; i < 3; i++)
        {
            double c = Math.Max(v[i], freeSlack[i]);
            value += Barrier(v[i], box[i], o) + o.Weights[i] * c * c + Barrier(c, box[i], o);
        }
        return value;
    }

    /// <summary>B(v) = scale (exp(-rate (v - lb)) + exp(-rate (ub - v))).</summary>
    static double Barrier(double v, (double Lo, double Hi) b, TradeOffOptions o) =>
        o.BarrierScale == 0 ? 0 : o.BarrierScale * (Math.Exp(-o.BarrierRate * (v - b.Lo)) + Math.Exp(-o.BarrierRate * (b.Hi - v)));

    /// <summary>argmin over c in [lb, ub] of a c² + B(c) (convex), by ternary search.</summary>
    static double FreeSlack(double a, (double Lo, double Hi) b, TradeOffOptions o)
    {
        double lo = b.Lo, hi = b.Hi;
        for (int i = 0; i < 200 && hi - lo > 1e-13; i++)
        {
            double m1 = lo + (hi - lo) / 3, m2 = hi - (hi - lo) / 3;
            if (a * m1 * m1 + Barrier(m1, b, o) <= a * m2 * m2 + Barrier(m2, b, o)) hi = m2; else lo = m1;
        }
        return 0.5 * (lo + hi);
    }

    static (double Lo, double Hi)[] Box(TestbedGrid g) => [(g.X[0], g.X[^1]), (g.Y[0], g.Y[^1]), (g.Z[0], g.Z[^1])];

    static double[] Points(double lo, double hi, int n) =>
        hi <= lo ? [lo] : Enumerable.Range(0, n).Select(i => i == n - 1 ? hi : lo + (hi - lo) * i / (n - 1)).ToArray();
}
