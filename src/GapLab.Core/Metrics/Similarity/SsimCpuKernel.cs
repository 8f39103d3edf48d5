using System.Numerics;

namespace GapLab.Metrics.Similarity;

/// <summary>
/// The CPU path of <see cref="Ssim.Pairwise"/>: per image pair and channel, the five local means (x, y, x², y², xy) by a separable
/// valid-mode window (a vertical then a horizontal pass of the 1-D weights, as scikit-image's uniform/Gaussian filters do), then the
/// SSIM map and its mean, fused in one pass over cache-resident buffers; pairs run in parallel. Same formula as the tensor path.
/// A uniform window (the default) uses running sums, so each local mean costs two additions whatever the window size.
/// </summary>
internal static class SsimCpuKernel
{
    /// <summary>
    /// SSIM of a[i] vs b[i] for i &lt; n, images [n, c, h, w] row-major float64 in <paramref name="aBytes"/> / <paramref name="bBytes"/> (contiguous
    /// CPU tensor memory, read in place and pinned for the call); <paramref name="weights"/> is the normalised 1-D window. Also returns the smallest and largest
    /// value of each input, seen in the same pass, for the caller's range check.
    /// </summary>
    public static unsafe (double[] Values, double MinA, double MaxA, double MinB, double MaxB) Pairwise(
        Span<byte> aBytes, Span<byte> bBytes, int n, int c, int h, int w, double[] weights, double covNorm, double c1, double c2, int threads)
    {
        if (aBytes.Length < (long)n * c * h * w * sizeof(double) || bBytes.Length < (long)n * c * h * w * sizeof(double))
            throw new ArgumentException($"SSIM kernel: the image memory holds fewer than {n}x{c}x{h}x{w} float64 values.");
        fixed (byte* pa = aBytes, pb = bBytes)
            return Run((nint)pa, (nint)pb, n, c, h, w, weights, covNorm, c1, c2, threads);
    }

    static unsafe (double[] Values, double MinA, double MaxA, double MinB, double MaxB) Run(
        nint a, nint b, int n, int c, int h, int w, double[] weights, double covNorm, double c1, double c2, int threads)
    {
        int k = weights.Length, hv = h - k + 1, wv = w - k + 1, plane = h * w;
        bool uniform = weights.All(v => v == weights[0]);
        var result = new double[n];
        var gate = new object();
        double minA = double.PositiveInfinity, maxA = double.NegativeInfinity, minB = double.PositiveInfinity, maxB = double.NegativeInfinity;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) };
        Parallel.For(0, n, parallel, () => new double[5 * hv * w], (i, _, vertical) =>
        {
            double total = 0;
            for (int ch = 0; ch < c; ch++)
            {
                long offset = ((long)i * c + ch) * plane;
                var x = new ReadOnlySpan<double>((double*)a + offset, plane);
                var y = new ReadOnlySpan<double>((double*)b + offset, plane);
                var (lx, hx) = MinMax(x);
                var (ly, hy) = MinMax(y);
                if (lx < minA || hx > maxA || ly < minB || hy > maxB)
                    lock (gate) { minA = Math.Min(minA, lx); maxA = Math.Max(maxA, hx); minB = Math.Min(minB, ly); maxB = Math.Max(maxB, hy); }
                if (uniform)
                {
                    BoxVertical(x, y, w, hv, k, vertical);
                    total += BoxMapSum(vertical, w, hv, wv, k, covNorm, c1, c2);
                }
                else
                {
                    Vertical(x, y, w, hv, weights, vertical);
                    total += MapSum(vertical, w, hv, wv, weights, covNorm, c1, c2);
                }
            }
            result[i] = total / ((double)c * hv * wv);
            return vertical;
        }, _ => { });
        return (result, minA, maxA, minB, maxB);
    }

    /// <summary>Smallest and largest value (SIMD); both NaN when a value is NaN, so the caller's range check fails.</summary>
    static (double Min, double Max) MinMax(ReadOnlySpan<double> v)
    {
        int lanes = Vector<double>.Count, i = 0;
        var lo = new Vector<double>(double.PositiveInfinity); var hi = new Vector<double>(double.NegativeInfinity);
        bool nan = false;
        for (; i + lanes <= v.Length; i += lanes)
        {
            var e = new Vector<double>(v[i..]);
            nan |= !Vector.EqualsAll(e, e);
            lo = Vector.Min(lo, e); hi = Vector.Max(hi, e);
        }
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (int l = 0; l < lanes; l++) { min = Math.Min(min, lo[l]); max = Math.Max(max, hi[l]); }
        for (; i < v.Length; i++) { nan |= double.IsNaN(v[i]); min = Math.Min(min, v[i]); max = Math.Max(max, v[i]); }
        return nan ? (double.NaN, double.NaN) : (min, max);
    }

    /// <summary>Vertical pass: V_q[r, col] = Σ_j weights[j] q(r + j, col) for q = x, y, x², y², xy, stored as 5 planes of hv x w.</summary>
    static void Vertical(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int w, int hv, double[] weights, double[] v)
    {
        int size = hv * w;
        Array.Clear(v, 0, 5 * size);
        for (int r = 0; r < hv; r++)
            for (int j = 0; j < weights.Length; j++)
            {
                double wj = weights[j];
                var xs = x.Slice((r + j) * w, w);
                var ys = y.Slice((r + j) * w, w);
                int row = r * w;
                for (int col = 0; col < w; col++)
                {
                    double xv = xs[col], yv = ys[col];
                    v[row + col] += wj * xv;
                    v[size + row + col] += wj * yv;
                    v[2 * size + row + col] += wj * xv * xv;
                    v[3 * size + row + col] += wj * yv * yv;
                    v[4 * size + row + col] += wj * xv * yv;
                }
            }
    }

    /// <summary>Horizontal pass of the five planes and the sum of the SSIM map over the hv x wv valid region.</summary>
    static double MapSum(double[] v, int w, int hv, int wv, double[] weights, double covNorm, double c1, double c2)
    {
        int size = hv * w;
        double sum = 0;
        for (int r = 0; r < hv; r++)
            for (int col = 0; col < wv; col++)
            {
                double ux = 0, uy = 0, uxx = 0, uyy = 0, uxy = 0;
                int at = r * w + col;
                for (int j = 0; j < weights.Length; j++)
                {
                    double wj = weights[j];
                    ux += wj * v[at + j];
                    uy += wj * v[size + at + j];
                    uxx += wj * v[2 * size + at + j];
                    uyy += wj * v[3 * size + at + j];
                    uxy += wj * v[4 * size + at + j];
                }
                sum += MapValue(ux, uy, uxx, uyy, uxy, covNorm, c1, c2);
            }
        return sum;
    }

    /// <summary>SSIM at one position from the five local means (the scalar form of the SIMD expression in <see cref="BoxMapSum"/>).</summary>
    static double MapValue(double ux, double uy, double uxx, double uyy, double uxy, double covNorm, double c1, double c2)
    {
        double vx = covNorm * (uxx - ux * ux), vy = covNorm * (uyy - uy * uy), vxy = covNorm * (uxy - ux * uy);
        return (2 * ux * uy + c1) * (2 * vxy + c2) / ((ux * ux + uy * uy + c1) * (vx + vy + c2));
    }

    /// <summary>Uniform window, vertical pass: running column sums S_q[r, col] = Σ_{j&lt;k} q(r + j, col) for the five quantities, row by row (SIMD over columns).</summary>
    static void BoxVertical(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int w, int hv, int k, double[] v)
    {
        int size = hv * w;
        var sx = v.AsSpan(0, size); var sy = v.AsSpan(size, size); var sxx = v.AsSpan(2 * size, size);
        var syy = v.AsSpan(3 * size, size); var sxy = v.AsSpan(4 * size, size);
        sx[..w].Clear(); sy[..w].Clear(); sxx[..w].Clear(); syy[..w].Clear(); sxy[..w].Clear();
        int lanes = Vector<double>.Count, vec = w - w % lanes;
        for (int j = 0; j < k; j++)
        {
            var xr = x.Slice(j * w, w); var yr = y.Slice(j * w, w);
            int col = 0;
            for (; col < vec; col += lanes)
            {
                var xv = new Vector<double>(xr[col..]); var yv = new Vector<double>(yr[col..]);
                (new Vector<double>(sx[col..]) + xv).CopyTo(sx[col..]);
                (new Vector<double>(sy[col..]) + yv).CopyTo(sy[col..]);
                (new Vector<double>(sxx[col..]) + xv * xv).CopyTo(sxx[col..]);
                (new Vector<double>(syy[col..]) + yv * yv).CopyTo(syy[col..]);
                (new Vector<double>(sxy[col..]) + xv * yv).CopyTo(sxy[col..]);
            }
            for (; col < w; col++)
            {
                double xv = xr[col], yv = yr[col];
                sx[col] += xv; sy[col] += yv; sxx[col] += xv * xv; syy[col] += yv * yv; sxy[col] += xv * yv;
            }
        }
        for (int r = 1; r < hv; r++)
        {
            int prev = (r - 1) * w, row = r * w;
            var xo = x.Slice(prev, w); var yo = y.Slice(prev, w); var xn = x.Slice((r + k - 1) * w, w); var yn = y.Slice((r + k - 1) * w, w);
            int col = 0;
            for (; col < vec; col += lanes)
            {
                var a = new Vector<double>(xo[col..]); var b = new Vector<double>(yo[col..]);
                var c = new Vector<double>(xn[col..]); var d = new Vector<double>(yn[col..]);
                (new Vector<double>(sx[(prev + col)..]) + c - a).CopyTo(sx[(row + col)..]);
                (new Vector<double>(sy[(prev + col)..]) + d - b).CopyTo(sy[(row + col)..]);
                (new Vector<double>(sxx[(prev + col)..]) + c * c - a * a).CopyTo(sxx[(row + col)..]);
                (new Vector<double>(syy[(prev + col)..]) + d * d - b * b).CopyTo(syy[(row + col)..]);
                (new Vector<double>(sxy[(prev + col)..]) + c * d - a * b).CopyTo(sxy[(row + col)..]);
            }
            for (; col < w; col++)
            {
                double a = xo[col], b = yo[col], c = xn[col], d = yn[col];
                sx[row + col] = sx[prev + col] + c - a; sy[row + col] = sy[prev + col] + d - b;
                sxx[row + col] = sxx[prev + col] + c * c - a * a; syy[row + col] = syy[prev + col] + d * d - b * b;
                sxy[row + col] = sxy[prev + col] + c * d - a * b;
            }
        }
    }

    /// <summary>
    /// Uniform window: horizontal running sums of the column sums into one row buffer per quantity, then the local means (÷ k²)
    /// and the SSIM map summed over the row with SIMD.
    /// </summary>
    static double BoxMapSum(double[] v, int w, int hv, int wv, int k, double covNorm, double c1, double c2)
    {
        int size = hv * w, lanes = Vector<double>.Count, vec = wv - wv % lanes;
        double inv = 1.0 / ((double)k * k), sum = 0;
        Span<double> hx = stackalloc double[wv], hy = stackalloc double[wv], hxx = stackalloc double[wv], hyy = stackalloc double[wv], hxy = stackalloc double[wv];
        var vInv = new Vector<double>(inv); var vCov = new Vector<double>(covNorm); var vC1 = new Vector<double>(c1); var vC2 = new Vector<double>(c2);
        var two = new Vector<double>(2.0);
        var acc = Vector<double>.Zero;
        for (int r = 0; r < hv; r++)
        {
            int row = r * w;
            Running(v.AsSpan(row, w), k, hx); Running(v.AsSpan(size + row, w), k, hy); Running(v.AsSpan(2 * size + row, w), k, hxx);
            Running(v.AsSpan(3 * size + row, w), k, hyy); Running(v.AsSpan(4 * size + row, w), k, hxy);
            int col = 0;
            for (; col < vec; col += lanes)
            {
                var ux = new Vector<double>(hx[col..]) * vInv; var uy = new Vector<double>(hy[col..]) * vInv;
                var vx = vCov * (new Vector<double>(hxx[col..]) * vInv - ux * ux);
                var vy = vCov * (new Vector<double>(hyy[col..]) * vInv - uy * uy);
                var vxy = vCov * (new Vector<double>(hxy[col..]) * vInv - ux * uy);
                acc += (two * ux * uy + vC1) * (two * vxy + vC2) / ((ux * ux + uy * uy + vC1) * (vx + vy + vC2));
            }
            for (; col < wv; col++)
            {
                sum += MapValue(hx[col] * inv, hy[col] * inv, hxx[col] * inv, hyy[col] * inv, hxy[col] * inv, covNorm, c1, c2);
            }
        }
        return sum + Vector.Sum(acc);
    }

    /// <summary>out[col] = Σ_{j&lt;k} row[col + j] for col &lt; out.Length, by a running sum.</summary>
    static void Running(ReadOnlySpan<double> row, int k, Span<double> output)
    {
        double s = 0;
        for (int j = 0; j < k; j++) s += row[j];
        output[0] = s;
        for (int col = 1; col < output.Length; col++)
        {
            s += row[col + k - 1] - row[col - 1];
            output[col] = s;
        }
    }
}
