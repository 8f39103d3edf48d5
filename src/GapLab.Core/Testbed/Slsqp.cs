namespace GapLab.Testbed;

/// <summary>
/// Sequential quadratic programming for a few variables with box bounds and linear inequality constraints G x >= h, following Kraft's SLSQP
/// (DFVLR-FB 88-28, 1988) as scipy.optimize.minimize(method='SLSQP') runs it: per iteration the QP min ½ dᵀB d + ∇fᵀd s.t. G(x + d) >= h,
/// lb ≤ x + d ≤ ub (solved exactly: Cholesky B = RᵀR turns it into a least-distance problem, whose dual is Lawson-Hanson non-negative least
/// squares, as Kraft's LSQ/LDP/NNLS); the step is clipped to the bounds; an L1 merit f + Σ μ_j max(0, -c_j) with μ_j = max(|λ_j|, (μ_j + |λ_j|)/2)
/// is tested by Armijo (accept when Δφ ≤ 0.1 α φ'(d), else Kraft's quadratic backtrack α ← max(φ'/(2 (φ' - Δφ)), 0.1), at most 10 tries);
/// B = I at the start and is updated by Powell-damped BFGS on the Lagrangian gradient (reset to I on a non-descent direction, at most
/// 5 times). Stops when |Δf| or ‖d‖ is below the tolerance (scipy's ftol, 1e-6) with no constraint violation. Without a gradient, ∇f is
/// scipy's: forward differences with absolute step √ε (backward where the forward point leaves the box), f evaluated at x clipped to the box.
/// A NaN objective at a line-search trial point counts as a failed decrease (the step shrinks by 0.1); accepting a NaN point stops (status 10).
/// The augmented problem Kraft solves for inconsistent linearized constraints is not implemented: such a QP stops with status 4.
/// </summary>
public static class Slsqp
{
    /// <summary>√(machine ε): scipy's default absolute finite-difference step for SLSQP.</summary>
    public const double FiniteDifferenceStep = 1.4901161193847656e-08;

    /// <summary>Minimises f from <paramref name="start"/> within [lower, upper] subject to G x >= h (rows of <paramref name="g"/>).</summary>
    public static SlsqpResult Minimize(Func<double[], double> f, IReadOnlyList<double> start, IReadOnlyList<double> lower, IReadOnlyList<double> upper,
        IReadOnlyList<double[]>? g = null, IReadOnlyList<double>? h = null, Func<double[], double[]>? gradient = null,
        double tolerance = 1e-6, int maxIterations = 100)
    {
        ArgumentNullException.ThrowIfNull(f);
        int n = start.Count;
        if (lower.Count != n || upper.Count != n) throw new ArgumentException($"bounds have {lower.Count} and {upper.Count} entries for {n} variables.");
        g ??= [];
        h ??= new double[g.Count];
        int m = g.Count;
        if (h.Count != m || g.Any(r => r.Length != n)) throw new ArgumentException($"constraints: accepted {m} rows of {n} coefficients and {m} right-hand sides.");
        for (int i = 0; i < n; i++)
            if (!(lower[i] <= upper[i])) throw new ArgumentException($"bound {i}: lower {lower[i]} > upper {upper[i]}.");
        if (!(tolerance > 0) || maxIterations < 1) throw new ArgumentException("accepted tolerance > 0 and at least one iteration.");

        int evaluations = 0;
        double Eval(double[] p) { evaluations++; return f(Clip(p, lower, upper)); }
        double[] Grad(double[] p, double fp) => gradient?.Invoke(Clip(p, lower, upper)) ?? ForwardDifference(Eval, p, fp, lower, upper);
        double[] C(double[] p) => Enumerable.Range(0, m).Select(j => Dot(g[j], p) - h[j]).ToArray();
        static double Violation(double[] c) => c.Sum(v => Math.Max(-v, 0));

        double acc = tolerance, tol = 10 * tolerance;
        var x = Clip(start.ToArray(), lower, upper);
        double fx = Eval(x);
        var grad = Grad(x, fx);
        var c = C(x);
        var mu = new double[m];
        var r = new double[m];
        var s = new double[n];
        var x0 = x.ToArray();
        double f0 = fx;
        var b = Identity(n);
        int resets = 1, iteration = 0;
        SlsqpResult Done(int status) => new(x.ToArray(), fx, iteration, evaluations, status, Message(status));
        while (true)
        {
            iteration++;
            if (iteration > maxIterations) { iteration = maxIterations; return Done(9); }
            // search direction: the QP in d = step, with the general rows then the bounds as rows
            var rows = new List<double[]>(g);
            var rhs = c.Select(v => -v).ToList();
            for (int i = 0; i < n; i++)
            {
                if (!double.IsInfinity(lower[i])) { rows.Add(Unit(n, i, 1)); rhs.Add(lower[i] - x[i]); }
                if (!double.IsInfinity(upper[i])) { rows.Add(Unit(n, i, -1)); rhs.Add(x[i] - upper[i]); }
            }
            if (Qp(b, grad, rows, rhs) is not { } qp) return Done(4);
            for (int i = 0; i < n; i++) s[i] = Math.Clamp(qp.D[i], lower[i] - x[i], upper[i] - x[i]);
            Array.Copy(qp.Lambda, r, m);
            var lagrangeGradient = LagrangeGradient(grad, g, r);
            f0 = fx;
            Array.Copy(x, x0, n);
            double gs = Dot(grad, s), h1 = Math.Abs(gs), h2 = Violation(c);
            for (int j = 0; j < m; j++)
            {
                mu[j] = Math.Max(Math.Abs(r[j]), (mu[j] + Math.Abs(r[j])) / 2);
                h1 += Math.Abs(r[j]) * Math.Abs(c[j]);
            }
            if (h1 < acc && h2 < acc) return Done(0);
            double penalty = 0;
            for (int j = 0; j < m; j++) penalty += mu[j] * Math.Max(-c[j], 0);
            double t0 = fx + penalty, h3 = gs - penalty;
            if (h3 >= 0)
            {
                // not a descent direction for the merit function: restart from B = I
                if (++resets > 5) return Relaxed();
                b = Identity(n);
                continue;
            }
            double alpha = 1;
            for (int line = 1; ; line++)
            {
                h3 *= alpha;
                for (int i = 0; i < n; i++) { s[i] *= alpha; x[i] = x0[i] + s[i]; }
                fx = Eval(x);
                c = C(x);
                double t = fx;
                for (int j = 0; j < m; j++) t += mu[j] * Math.Max(-c[j], 0);
                double decrease = t - t0;
                if (decrease <= h3 / 10 || line > 10) break;
                alpha = double.IsNaN(decrease) ? 0.1 : Math.Max(h3 / (2 * (h3 - decrease)), 0.1);
            }
            if (double.IsNaN(fx)) return Done(10);
            if ((Math.Abs(fx - f0) < acc || Norm(s) < acc) && Violation(c) < acc) return Done(0);
            grad = Grad(x, fx);
            // Powell-damped BFGS on the Lagrangian gradient difference
            var y = LagrangeGradient(grad, g, r);
            for (int i = 0; i < n; i++) y[i] -= lagrangeGradient[i];
            var bs = Multiply(b, s);
            double sy = Dot(s, y), sbs = Dot(s, bs), floor = 0.2 * sbs;
            if (sy < floor)
            {
                double theta = (sbs - floor) / (sbs - sy);
                for (int i = 0; i < n; i++) y[i] = theta * y[i] + (1 - theta) * bs[i];
                sy = floor;
            }
            if (sy == 0 || sbs == 0)
            {
                if (++resets > 5) return Relaxed();
                b = Identity(n);
                continue;
            }
            for (int i = 0; i < n; i++)
                for (int k = 0; k < n; k++) b[i, k] += y[i] * y[k] / sy - bs[i] * bs[k] / sbs;
        }

        SlsqpResult Relaxed() => Done((Math.Abs(fx - f0) < tol || Norm(s) < tol) && Violation(c) < tol ? 0 : 8);
    }

    static string Message(int status) => status switch
    {
        0 => "Optimization terminated successfully",
        4 => "Inequality constraints incompatible",
        8 => "Positive directional derivative for linesearch",
        9 => "Iteration limit reached",
        10 => "Objective is NaN at the accepted point",
        _ => $"status {status}",
    };

    /// <summary>scipy's approx_derivative '2-point' with an absolute step and bounds: h = √ε, flipped where x + h leaves the box; dx = (x + h) - x.</summary>
    static double[] ForwardDifference(Func<double[], double> f, double[] x, double fx, IReadOnlyList<double> lower, IReadOnlyList<double> upper)
    {
        var grad = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double step = FiniteDifferenceStep;
            if ((x[i] + step < lower[i] || x[i] + step > upper[i]) && Math.Abs(step) <= Math.Max(x[i] - lower[i], upper[i] - x[i])) step = -step;
            var p = x.ToArray();
            p[i] = x[i] + step;
            double dx = p[i] - x[i];
            grad[i] = (f(p) - fx) / dx;
        }
        return grad;
    }

    /// <summary>
    /// min ½ dᵀB d + gᵀd s.t. A d >= b. With B = RᵀR and d = d_u + R⁻¹y (d_u = -B⁻¹g) it is the least-distance problem min ½‖y‖² s.t. (A R⁻¹) y >= b - A d_u,
    /// whose solution is y = Ĝᵀu / (1 - ĥᵀu) with u >= 0 the non-negative least-squares solution of [Ĝᵀ; ĥᵀ] u ≈ e_(n+1) (Lawson and Hanson, ch. 23).
    /// Returns d and the multipliers λ = u / (1 - ĥᵀu) of the rows, or null when the constraints are inconsistent.
    /// </summary>
    static (double[] D, double[] Lambda)? Qp(double[,] b, double[] g, List<double[]> a, List<double> rhs)
    {
        int n = g.Length, m = a.Count;
        var rt = Cholesky(b); // lower triangular Rᵀ
        var du = SolveUpper(rt, SolveLower(rt, g));
        for (int i = 0; i < n; i++) du[i] = -du[i];
        var cols = new double[m][];
        for (int j = 0; j < m; j++)
        {
            var gh = SolveLower(rt, a[j]); // row of A R⁻¹ = (R⁻ᵀ a)ᵀ
            cols[j] = [.. gh, rhs[j] - Dot(a[j], du)];
        }
        var target = new double[n + 1];
        target[n] = 1;
        var u = Nnls(cols, target);
        var residual = new double[n + 1];
        for (int i = 0; i <= n; i++) residual[i] = -target[i];
        for (int j = 0; j < m; j++)
            for (int i = 0; i <= n; i++) residual[i] += cols[j][i] * u[j];
        if (!(Norm(residual) > 0)) return null;
        double fac = 1;
        for (int j = 0; j < m; j++) fac -= cols[j][n] * u[j];
        if (!(1 + fac - 1 > 0)) return null;
        var y = new double[n];
        for (int j = 0; j < m; j++)
            for (int i = 0; i < n; i++) y[i] += cols[j][i] * u[j] / fac;
        var dy = SolveUpper(rt, y);
        var d = new double[n];
        for (int i = 0; i < n; i++) d[i] = du[i] + dy[i];
        return (d, u.Select(v => v / fac).ToArray());
    }

    /// <summary>Lawson-Hanson non-negative least squares: min ‖Σ_j u_j col_j - t‖ over u >= 0.</summary>
    static double[] Nnls(double[][] cols, double[] t)
    {
        int q = cols.Length, p = t.Length;
        var u = new double[q];
        var passive = new bool[q];
        double scale = Math.Max(1, cols.Max(col => col.Max(Math.Abs)));
        for (int outer = 0; outer < 3 * q + 3; outer++)
        {
            var res = (double[])t.Clone();
            for (int j = 0; j < q; j++)
                for (int i = 0; i < p; i++) res[i] -= cols[j][i] * u[j];
            int best = -1;
            double bestW = 1e-13 * scale;
            for (int j = 0; j < q; j++)
                if (!passive[j] && Dot(cols[j], res) is var w && w > bestW) { bestW = w; best = j; }
            if (best < 0) break;
            passive[best] = true;
            while (true)
            {
                var set = Enumerable.Range(0, q).Where(j => passive[j]).ToArray();
                var z = LeastSquares(set.Select(j => cols[j]).ToArray(), t);
                if (z.All(v => v > 0))
                {
                    for (int k = 0; k < set.Length; k++) u[set[k]] = z[k];
                    break;
                }
                double step = 1;
                for (int k = 0; k < set.Length; k++)
                    if (z[k] <= 0) step = Math.Min(step, u[set[k]] / (u[set[k]] - z[k]));
                for (int k = 0; k < set.Length; k++)
                {
                    u[set[k]] += step * (z[k] - u[set[k]]);
                    if (u[set[k]] <= 1e-15 * scale) { u[set[k]] = 0; passive[set[k]] = false; }
                }
                if (!passive.Any(v => v)) break;
            }
        }
        return u;
    }

    /// <summary>min ‖Σ_k z_k col_k - t‖ by Householder QR (columns independent).</summary>
    static double[] LeastSquares(double[][] cols, double[] t)
    {
        int p = t.Length, k = cols.Length;
        var a = new double[p, k];
        for (int j = 0; j < k; j++)
            for (int i = 0; i < p; i++) a[i, j] = cols[j][i];
        var rhs = (double[])t.Clone();
        for (int j = 0; j < k; j++)
        {
            double norm = 0;
            for (int i = j; i < p; i++) norm += a[i, j] * a[i, j];
            norm = Math.Sqrt(norm);
            if (norm == 0) continue;
            double alpha = a[j, j] > 0 ? -norm : norm;
            var v = new double[p];
            for (int i = j; i < p; i++) v[i] = a[i, j];
            v[j] -= alpha;
            double vv = 0;
            for (int i = j; i < p; i++) vv += v[i] * v[i];
            if (vv == 0) continue;
            for (int col = j; col < k; col++)
            {
                double d = 0;
                for (int i = j; i < p; i++) d += v[i] * a[i, col];
                for (int i = j; i < p; i++) a[i, col] -= 2 * d / vv * v[i];
            }
            double dr = 0;
            for (int i = j; i < p; i++) dr += v[i] * rhs[i];
            for (int i = j; i < p; i++) rhs[i] -= 2 * dr / vv * v[i];
        }
        var z = new double[k];
        for (int j = k - 1; j >= 0; j--)
        {
            double sum = rhs[j];
            for (int col = j + 1; col < k; col++) sum -= a[j, col] * z[col];
            z[j] = a[j, j] == 0 ? 0 : sum / a[j, j];
        }
        return z;
    }

    static double[] LagrangeGradient(double[] grad, IReadOnlyList<double[]> g, double[] r)
    {
        var v = (double[])grad.Clone();
        for (int j = 0; j < g.Count; j++)
            for (int i = 0; i < v.Length; i++) v[i] -= g[j][i] * r[j];
        return v;
    }

    static double[,] Cholesky(double[,] b)
    {
        int n = b.GetLength(0);
        var l = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double sum = b[i, j];
                for (int k = 0; k < j; k++) sum -= l[i, k] * l[j, k];
                l[i, j] = i == j ? Math.Sqrt(Math.Max(sum, 1e-300)) : sum / l[j, j];
            }
        return l;
    }

    /// <summary>Solves L z = v (L lower triangular).</summary>
    static double[] SolveLower(double[,] l, double[] v)
    {
        int n = v.Length;
        var z = new double[n];
        for (int i = 0; i < n; i++)
        {
            double sum = v[i];
            for (int k = 0; k < i; k++) sum -= l[i, k] * z[k];
            z[i] = sum / l[i, i];
        }
        return z;
    }

    /// <summary>Solves Lᵀ z = v (L lower triangular).</summary>
    static double[] SolveUpper(double[,] l, double[] v)
    {
        int n = v.Length;
        var z = new double[n];
        for (int i = n - 1; i >= 0; i--)
        {
            double sum = v[i];
            for (int k = i + 1; k < n; k++) sum -= l[k, i] * z[k];
            z[i] = sum / l[i, i];
        }
        return z;
    }

    static double[,] Identity(int n)
    {
        var b = new double[n, n];
        for (int i = 0; i < n; i++) b[i, i] = 1;
        return b;
    }

    static double[] Multiply(double[,] b, double[] s)
    {
        var v = new double[s.Length];
        for (int i = 0; i < s.Length; i++)
            for (int k = 0; k < s.Length; k++) v[i] += b[i, k] * s[k];
        return v;
    }

    static double[] Unit(int n, int i, double sign)
    {
        var v = new double[n];
        v[i] = sign;
        return v;
    }

    static double[] Clip(double[] p, IReadOnlyList<double> lower, IReadOnlyList<double> upper) =>
        p.Select((v, i) => Math.Clamp(v, lower[i], upper[i])).ToArray();

    static double Dot(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Count; i++) s += a[i] * b[i];
        return s;
    }

    static double Norm(double[] v) => Math.Sqrt(Dot(v, v));
}
