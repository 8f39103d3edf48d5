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
                var (lx, hx, ly, hy) = (MinOf(x), MaxOf(x), MinOf(y), MaxOf(y));
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

    static double MinOf(ReadOnlySpan<double> v) { double m = double.PositiveInfinity; foreach (var e in v) m = e < m || double.IsNaN(e) ? e : m; return m; }
    static double MaxOf(ReadOnlySpan<double> v) { double m = double.NegativeInfinity; foreach (var e in v) m = e > m || double.IsNaN(e) ? e : m; return m; }

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
                double vx = covNorm * (uxx - ux * ux), vy = covNorm * (uyy - uy * uy), vxy = covNorm * (uxy - ux * uy);
                sum += (2 * ux * uy + c1) * (2 * vxy + c2) / ((ux * ux + uy * uy + c1) * (vx + vy + c2));
            }
        return sum;
    }

    /// <summary>Uniform window, vertical pass: running column sums S_q[r, col] = Σ_{j&lt;k} q(r + j, col) for the five quantities.</summary>
    static void BoxVertical(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int w, int hv, int k, double[] v)
    {
        int size = hv * w;
        for (int col = 0; col < w; col++)
        {
            double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
            for (int j = 0; j < k; j++)
            {
                double xv = x[j * w + col], yv = y[j * w + col];
                sx += xv; sy += yv; sxx += xv * xv; syy += yv * yv; sxy += xv * yv;
            }
            for (int r = 0; ; r++)
            {
                int at = r * w + col;
                v[at] = sx; v[size + at] = sy; v[2 * size + at] = sxx; v[3 * size + at] = syy; v[4 * size + at] = sxy;
                if (r + 1 == hv) break;
                double xo = x[r * w + col], yo = y[r * w + col], xn = x[(r + k) * w + col], yn = y[(r + k) * w + col];
                sx += xn - xo; sy += yn - yo; sxx += xn * xn - xo * xo; syy += yn * yn - yo * yo; sxy += xn * yn - xo * yo;
            }
        }
    }

    /// <summary>Uniform window, horizontal running sums of the column sums, the local means (divided by k²) and the summed SSIM map.</summary>
    static double BoxMapSum(double[] v, int w, int hv, int wv, int k, double covNorm, double c1, double c2)
    {
        int size = hv * w;
        double inv = 1.0 / ((double)k * k), sum = 0;
        for (int r = 0; r < hv; r++)
        {
            int row = r * w;
            double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
            for (int j = 0; j < k; j++)
            {
                sx += v[row + j]; sy += v[size + row + j]; sxx += v[2 * size + row + j]; syy += v[3 * size + row + j]; sxy += v[4 * size + row + j];
            }
            for (int col = 0; ; col++)
            {
                double ux = sx * inv, uy = sy * inv;
                double vx = covNorm * (sxx * inv - ux * ux), vy = covNorm * (syy * inv - uy * uy), vxy = covNorm * (sxy * inv - ux * uy);
                sum += (2 * ux * uy + c1) * (2 * vxy + c2) / ((ux * ux + uy * uy + c1) * (vx + vy + c2));
                if (col + 1 == wv) break;
                int o = row + col, n = row + col + k;
                sx += v[n] - v[o]; sy += v[size + n] - v[size + o]; sxx += v[2 * size + n] - v[2 * size + o];
                syy += v[3 * size + n] - v[3 * size + o]; sxy += v[4 * size + n] - v[4 * size + o];
            }
        }
        return sum;
    }
}
