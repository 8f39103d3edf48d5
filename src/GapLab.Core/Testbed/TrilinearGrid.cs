namespace GapLab.Testbed;

/// <summary>
/// Trilinear interpolation of values on a regular (rectilinear) 3-D grid with strictly increasing axes (GapLab's replacement for
/// scipy's Delaunay griddata, spec metrics.md 1.7 note (a)). Exact for every function a + b x + c y + d z + e xy + f xz + g yz + h xyz.
/// An axis with one value is constant along it; points outside the axis range are clamped to the nearest face.
/// </summary>
public sealed class TrilinearGrid
{
    readonly double[] _x, _y, _z;
    readonly double[,,] _values;

    public TrilinearGrid(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> z, double[,,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _x = CheckAxis(x, nameof(x));
        _y = CheckAxis(y, nameof(y));
        _z = CheckAxis(z, nameof(z));
        if (values.GetLength(0) != _x.Length || values.GetLength(1) != _y.Length || values.GetLength(2) != _z.Length)
            throw new ArgumentException($"values are {values.GetLength(0)}x{values.GetLength(1)}x{values.GetLength(2)} but the axes have {_x.Length}, {_y.Length}, {_z.Length} points: accepted matching sizes.", nameof(values));
        foreach (var v in values)
            if (!double.IsFinite(v)) throw new ArgumentException($"grid value {v} is not finite: accepted finite values at every node.", nameof(values));
        _values = (double[,,])values.Clone();
    }

    public IReadOnlyList<double> X => _x;
    public IReadOnlyList<double> Y => _y;
    public IReadOnlyList<double> Z => _z;

    /// <summary>The interpolated value at (x, y, z).</summary>
    public double At(double x, double y, double z)
    {
        var (i0, i1, tx) = Locate(_x, x);
        var (j0, j1, ty) = Locate(_y, y);
        var (k0, k1, tz) = Locate(_z, z);
        double c00 = Lerp(_values[i0, j0, k0], _values[i1, j0, k0], tx);
        double c10 = Lerp(_values[i0, j1, k0], _values[i1, j1, k0], tx);
        double c01 = Lerp(_values[i0, j0, k1], _values[i1, j0, k1], tx);
        double c11 = Lerp(_values[i0, j1, k1], _values[i1, j1, k1], tx);
        return Lerp(Lerp(c00, c10, ty), Lerp(c01, c11, ty), tz);
    }

    static double Lerp(double a, double b, double t) => a + (b - a) * t;

    static (int Lo, int Hi, double T) Locate(double[] axis, double v)
    {
        if (axis.Length == 1 || v <= axis[0]) return (0, 0, 0);
        int last = axis.Length - 1;
        if (v >= axis[last]) return (last, last, 0);
        int hi = Array.BinarySearch(axis, v);
        if (hi >= 0) return (hi, hi, 0);
        hi = ~hi;
        int lo = hi - 1;
        return (lo, hi, (v - axis[lo]) / (axis[hi] - axis[lo]));
    }

    static double[] CheckAxis(IReadOnlyList<double> axis, string name)
    {
        ArgumentNullException.ThrowIfNull(axis, name);
        if (axis.Count == 0) throw new ArgumentException($"axis {name} is empty: accepted at least one value.", name);
        for (int i = 0; i < axis.Count; i++)
        {
            if (!double.IsFinite(axis[i])) throw new ArgumentException($"axis {name}[{i}] = {axis[i]} is not finite.", name);
            if (i > 0 && !(axis[i] > axis[i - 1]))
                throw new ArgumentException($"axis {name} is not strictly increasing at index {i} ({axis[i - 1]} then {axis[i]}): accepted sorted distinct values.", name);
        }
        return axis.ToArray();
    }
}
