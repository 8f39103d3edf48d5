namespace GapLab.Testbed;

/// <summary>
/// Piecewise-linear interpolation over a 3-D Delaunay tetrahedralization of scattered points, as scipy.interpolate.griddata(method='linear'):
/// inside tetrahedron (p0..p3) the value is Σ λ_j v_j with barycentric λ = T (q - p3), λ3 = 1 - λ0 - λ1 - λ2; NaN outside the convex hull.
/// The tetrahedralization is built by Bowyer-Watson insertion (in input order, inside a far enclosing tetrahedron that is removed at the
/// end). Ties: a point on (within a relative 1e-10 of) an existing circumsphere does not conflict with that tetrahedron, so for co-spherical
/// points (every regular grid) the earlier-inserted tetrahedra are kept; a non-conflicting neighbour joins the cavity only where the new point
/// would otherwise be coplanar with (or behind) a cavity face, so no flat tetrahedron is made. For such degenerate inputs the Delaunay
/// tetrahedralization is not unique and scipy (Qhull, options "Qbb Qc Qz Q12" with triangulated output) may pick another one; the
/// interpolant then differs inside the ambiguous cells (it is exact on every point and reproduces any linear function either way).
/// Point location scans the tetrahedra with barycentric tolerance 100 ε, as scipy's find_simplex (a point on a shared face gets the same value
/// from either side).
/// </summary>
public sealed class DelaunayLinearInterpolator
{
    const double Eps = 100 * 2.220446049250313e-16;
    readonly double[][] _points;
    readonly int[][] _tets;
    readonly double[][] _transform; // per tetrahedron: 3x3 row-major inverse of [p0-p3 | p1-p3 | p2-p3], then p3

    /// <summary>Tetrahedralizes <paramref name="points"/> (at least 4, not all coplanar, distinct) by Bowyer-Watson.</summary>
    public DelaunayLinearInterpolator(IReadOnlyList<double[]> points) : this(points, Tetrahedralize(Check(points))) { }

    DelaunayLinearInterpolator(IReadOnlyList<double[]> points, List<int[]> tets)
    {
        _points = points.Select(p => p.ToArray()).ToArray();
        var kept = new List<int[]>();
        var transforms = new List<double[]>();
        foreach (var t in tets)
            if (Transform(t) is { } tr) { kept.Add(t); transforms.Add(tr); } // flat tetrahedra (given ones) are skipped, as scipy's NaN transform
        _tets = kept.ToArray();
        _transform = transforms.ToArray();
    }

    /// <summary>An interpolator over a given tetrahedralization (e.g. Qhull's, to compare with scipy); vertices index <paramref name="points"/>.</summary>
    public static DelaunayLinearInterpolator FromTetrahedra(IReadOnlyList<double[]> points, IEnumerable<int[]> tetrahedra)
    {
        var p = Check(points);
        var tets = tetrahedra.Select(t => t.Length == 4 && t.All(i => i >= 0 && i < p.Count) ? t.ToArray()
            : throw new ArgumentException($"tetrahedron [{string.Join(", ", t)}] is invalid: accepted four indices into {p.Count} points.", nameof(tetrahedra))).ToList();
        return new DelaunayLinearInterpolator(p, tets);
    }

    public int PointCount => _points.Length;

    /// <summary>The tetrahedra (vertex indices into the points, each positively oriented unless given otherwise).</summary>
    public IReadOnlyList<IReadOnlyList<int>> Tetrahedra => _tets;

    /// <summary>The tetrahedron holding q and its barycentric weights, or null outside the convex hull.</summary>
    public (int[] Vertices, double[] Weights)? Locate(double x, double y, double z)
    {
        for (int t = 0; t < _tets.Length; t++)
        {
            var c = Barycentric(t, x, y, z);
            if (c.All(v => v >= -Eps && v <= 1 + Eps)) return ((int[])_tets[t].Clone(), c);
        }
        return null;
    }

    /// <summary>The interpolated value of <paramref name="values"/> (one per point) at q; NaN outside the convex hull.</summary>
    public double At(IReadOnlyList<double> values, double x, double y, double z)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != _points.Length) throw new ArgumentException($"{values.Count} values for {_points.Length} points.", nameof(values));
        if (Locate(x, y, z) is not { } hit) return double.NaN;
        double v = 0;
        for (int j = 0; j < 4; j++) v += hit.Weights[j] * values[hit.Vertices[j]];
        return v;
    }

    double[] Barycentric(int t, double x, double y, double z)
    {
        var m = _transform[t];
        double dx = x - m[9], dy = y - m[10], dz = z - m[11];
        double c0 = m[0] * dx + m[1] * dy + m[2] * dz, c1 = m[3] * dx + m[4] * dy + m[5] * dz, c2 = m[6] * dx + m[7] * dy + m[8] * dz;
        return [c0, c1, c2, 1 - c0 - c1 - c2];
    }

    double[]? Transform(int[] t)
    {
        var p3 = _points[t[3]];
        var a = new double[3, 3];
        for (int j = 0; j < 3; j++)
            for (int r = 0; r < 3; r++) a[r, j] = _points[t[j]][r] - p3[r];
        double det = a[0, 0] * (a[1, 1] * a[2, 2] - a[1, 2] * a[2, 1]) - a[0, 1] * (a[1, 0] * a[2, 2] - a[1, 2] * a[2, 0]) + a[0, 2] * (a[1, 0] * a[2, 1] - a[1, 1] * a[2, 0]);
        double scale = 0;
        foreach (var v in a) scale = Math.Max(scale, Math.Abs(v));
        if (!(Math.Abs(det) > 1e-12 * scale * scale * scale)) return null;
        var inv = new double[12];
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++)
            {
                int r1 = (c + 1) % 3, r2 = (c + 2) % 3, c1 = (r + 1) % 3, c2 = (r + 2) % 3;
                inv[3 * r + c] = (a[r1, c1] * a[r2, c2] - a[r1, c2] * a[r2, c1]) / det; // adjugate: inv[r,c] = cofactor[c,r] / det
            }
        inv[9] = p3[0]; inv[10] = p3[1]; inv[11] = p3[2];
        return inv;
    }

    static (int, int, int) FaceKey(int[] t, int opposite)
    {
        Span<int> f = stackalloc int[3];
        int n = 0;
        for (int j = 0; j < 4; j++) if (j != opposite) f[n++] = t[j];
        f.Sort();
        return (f[0], f[1], f[2]);
    }

    static IReadOnlyList<double[]> Check(IReadOnlyList<double[]> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count < 4) throw new ArgumentException($"{points.Count} points: a 3-D tetrahedralization needs at least 4.", nameof(points));
        for (int i = 0; i < points.Count; i++)
            if (points[i] is not { Length: 3 } p || !p.All(double.IsFinite))
                throw new ArgumentException($"point {i} is not three finite coordinates.", nameof(points));
        if (points.Select(p => (p[0], p[1], p[2])).Distinct().Count() != points.Count)
            throw new ArgumentException("two points coincide: accepted distinct points.", nameof(points));
        return points;
    }

    /// <summary>Bowyer-Watson: insert each point, remove the tetrahedra whose circumsphere holds it strictly, re-fill the cavity from it.</summary>
    static List<int[]> Tetrahedralize(IReadOnlyList<double[]> input)
    {
        int n = input.Count;
        var lo = new double[3];
        var hi = new double[3];
        for (int d = 0; d < 3; d++) { lo[d] = input.Min(p => p[d]); hi[d] = input.Max(p => p[d]); }
        double span = Math.Max(Math.Max(hi[0] - lo[0], hi[1] - lo[1]), hi[2] - lo[2]);
        double[] mid = [(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2];
        double r = 1e5 * span;
        var pts = input.Select(p => p.ToArray()).ToList();
        pts.Add([mid[0] - r, mid[1] - r, mid[2] - r]);
        pts.Add([mid[0] + 3 * r, mid[1] - r, mid[2] - r]);
        pts.Add([mid[0] - r, mid[1] + 3 * r, mid[2] - r]);
        pts.Add([mid[0] - r, mid[1] - r, mid[2] + 3 * r]);
        var tets = new List<int[]> { Oriented(pts, [n, n + 1, n + 2, n + 3]) };
        for (int p = 0; p < n; p++)
        {
            var q = pts[p];
            var cavity = new HashSet<int[]>(tets.Where(t => InSphere(pts, t, q) > 0), ReferenceEqualityComparer.Instance);
            if (cavity.Count == 0) throw new InvalidOperationException($"point {p} lies in no circumsphere (degenerate input).");
            while (true)
            {
                // every cavity face must see q strictly on the cavity's side; otherwise the tetrahedron behind it joins the cavity
                var faces = BoundaryFaces(cavity);
                int[]? grow = null;
                foreach (var (face, inner) in faces)
                    if (!(Orient(pts, face[0], face[1], face[2], q) * Orient(pts, face[0], face[1], face[2], pts[inner]) > 0))
                    {
                        grow = tets.FirstOrDefault(t => !cavity.Contains(t) && face.All(t.Contains))
                            ?? throw new InvalidOperationException($"point {p}: the cavity reached the enclosing tetrahedron (degenerate input).");
                        break;
                    }
                if (grow is null)
                {
                    tets.RemoveAll(cavity.Contains);
                    foreach (var (face, _) in faces) tets.Add(Oriented(pts, [face[0], face[1], face[2], p]));
                    break;
                }
                cavity.Add(grow);
            }
        }
        return tets.Where(t => t.All(v => v < n)).ToList();
    }

    static List<(int[] Face, int Inner)> BoundaryFaces(HashSet<int[]> cavity)
    {
        var count = new Dictionary<(int, int, int), (int[] Face, int Inner, int N)>();
        foreach (var t in cavity)
            for (int j = 0; j < 4; j++)
            {
                var k = FaceKey(t, j);
                count[k] = count.TryGetValue(k, out var e) ? (e.Face, e.Inner, e.N + 1) : ([k.Item1, k.Item2, k.Item3], t[j], 1);
            }
        return count.Values.Where(e => e.N == 1).Select(e => (e.Face, e.Inner)).ToList();
    }

    static int[] Oriented(List<double[]> pts, int[] t) => Orient(pts, t[0], t[1], t[2], pts[t[3]]) >= 0 ? t : [t[1], t[0], t[2], t[3]];

    /// <summary>Sign of the volume of (a, b, c, q), zero within a relative 1e-12 of its terms.</summary>
    static double Orient(List<double[]> pts, int ia, int ib, int ic, double[] q)
    {
        double[] a = pts[ia], b = pts[ib], c = pts[ic];
        double ax = a[0] - q[0], ay = a[1] - q[1], az = a[2] - q[2];
        double bx = b[0] - q[0], by = b[1] - q[1], bz = b[2] - q[2];
        double cx = c[0] - q[0], cy = c[1] - q[1], cz = c[2] - q[2];
        double t1 = ax * (by * cz - bz * cy), t2 = ay * (bz * cx - bx * cz), t3 = az * (bx * cy - by * cx);
        double det = t1 + t2 + t3, bound = 1e-12 * (Math.Abs(t1) + Math.Abs(t2) + Math.Abs(t3));
        return Math.Abs(det) <= bound ? 0 : Math.Sign(-det);
    }

    /// <summary>Positive when q lies strictly inside the circumsphere of the positively oriented t (beyond a relative 1e-10 of the terms).</summary>
    static double InSphere(List<double[]> pts, int[] t, double[] q)
    {
        var m = new double[4, 4];
        for (int i = 0; i < 4; i++)
        {
            var p = pts[t[i]];
            double x = p[0] - q[0], y = p[1] - q[1], z = p[2] - q[2];
            m[i, 0] = x; m[i, 1] = y; m[i, 2] = z; m[i, 3] = x * x + y * y + z * z;
        }
        double det = 0, bound = 0;
        for (int c = 0; c < 4; c++)
        {
            // expansion along column 3 (the lifted coordinate)
            double minor = Minor3(m, c), term = (c % 2 == 0 ? -1 : 1) * m[c, 3] * minor;
            det += term;
            bound += Math.Abs(m[c, 3]) * Minor3Bound(m, c);
        }
        double orient = Orient(pts, t[0], t[1], t[2], pts[t[3]]);
        return Math.Abs(det) <= 1e-10 * bound ? 0 : -Math.Sign(det) * orient;
    }

    static double Minor3(double[,] m, int skip)
    {
        Span<int> r = stackalloc int[3];
        int n = 0;
        for (int i = 0; i < 4; i++) if (i != skip) r[n++] = i;
        return m[r[0], 0] * (m[r[1], 1] * m[r[2], 2] - m[r[1], 2] * m[r[2], 1]) - m[r[0], 1] * (m[r[1], 0] * m[r[2], 2] - m[r[1], 2] * m[r[2], 0])
            + m[r[0], 2] * (m[r[1], 0] * m[r[2], 1] - m[r[1], 1] * m[r[2], 0]);
    }

    static double Minor3Bound(double[,] m, int skip)
    {
        var r = new int[3];
        int n = 0;
        for (int i = 0; i < 4; i++) if (i != skip) r[n++] = i;
        double A(int i, int j) => Math.Abs(m[r[i], j]);
        return A(0, 0) * (A(1, 1) * A(2, 2) + A(1, 2) * A(2, 1)) + A(0, 1) * (A(1, 0) * A(2, 2) + A(1, 2) * A(2, 0)) + A(0, 2) * (A(1, 0) * A(2, 1) + A(1, 1) * A(2, 0));
    }
}
