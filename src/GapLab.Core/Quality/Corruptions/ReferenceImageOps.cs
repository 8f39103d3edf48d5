using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GapLab.Quality;

/// <summary>
/// Re-implementations (not copies) of the library calls Hendrycks' make_cifar_c.py makes, for the <c>cifar10-c</c> corruption set: scipy/skimage's
/// Gaussian filter (mode 'nearest', truncate 4), the script's clipped_zoom (crop ceil(H/z), scipy.ndimage.zoom order 1, centre trim),
/// ImageMagick's MotionBlurImage (one-sided Gaussian line kernel with rounded offsets, edge pixels repeated), numpy's uint8 cast (truncation), the
/// diamond-square plasma fractal and PIL's BOX resize.
/// Images are float [N,C,H,W] in [0,1]. Measured deviations from the real libraries: docs/quality-metrics.md.
/// </summary>
internal static class ReferenceImageOps
{
    /// <summary>scipy.ndimage boundary modes used by the reference: 'nearest' (aaa|abcd|ddd) and 'reflect' (cba|abcd|dcb, half-sample symmetric).</summary>
    public enum ScipyBoundary { Nearest, Reflect }

    /// <summary>
    /// scipy.ndimage.gaussian_filter(x, sigma, mode, truncate) over H and W of every channel (what skimage.filters.gaussian calls): weights
    /// exp(-k^2 / 2 sigma^2) normalised over k = -r..r, r = floor(truncate sigma + 0.5); r = 0 returns a copy (so sigma 0.05 does nothing).
    /// </summary>
    public static Tensor ScipyGaussian(Tensor x, double sigma, ScipyBoundary mode, double truncate = 4)
    {
        int radius = (int)(truncate * sigma + 0.5);
        if (radius == 0) return x.clone();
        using var scope = NewDisposeScope();
        var w = new double[2 * radius + 1];
        for (int k = -radius; k <= radius; k++) w[k + radius] = Math.Exp(-0.5 * k * k / (sigma * sigma));
        double sum = w.Sum();
        var kernel = tensor(w.Select(v => (float)(v / sum)).ToArray(), device: x.device).to(x.dtype);
        long c = x.shape[1];
        var rows = F.conv2d(PadAxis(x, 2, radius, mode), kernel.view(1, 1, -1, 1).expand(c, 1, -1, 1).contiguous(), groups: c);
        var both = F.conv2d(PadAxis(rows, 3, radius, mode), kernel.view(1, 1, 1, -1).expand(c, 1, 1, -1).contiguous(), groups: c);
        return both.MoveToOuterDisposeScope();
    }

    /// <summary>Pads dimension <paramref name="dim"/> by <paramref name="pad"/> on both sides with a scipy boundary mode (any pad width).</summary>
    static Tensor PadAxis(Tensor x, int dim, int pad, ScipyBoundary mode)
    {
        long size = x.shape[dim];
        var index = new long[size + 2 * pad];
        for (long i = -pad; i < size + pad; i++)
        {
            long j = i;
            if (mode == ScipyBoundary.Nearest) j = Math.Clamp(i, 0, size - 1);
            else
            {
                long period = 2 * size;
                j = ((i % period) + period) % period;
                if (j >= size) j = period - 1 - j;
            }
            index[i + pad] = j;
        }
        using var idx = tensor(index, device: x.device);
        return x.index_select(dim, idx);
    }

    /// <summary>numpy's np.uint8(v * 255) on values in [0,1] (truncation towards zero), returned as levels / 255.</summary>
    public static Tensor TruncateToUint8(Tensor x) => (x.clamp(0, 1) * 255).floor_() / 255;

    /// <summary>An 8-bit image written by ImageMagick (rounded to the nearest level) and read back, in [0,1].</summary>
    public static Tensor RoundToUint8(Tensor x) => (x.clamp(0, 1) * 255).round_() / 255;

    /// <summary>
    /// make_cifar_c.py's clipped_zoom, separately per axis: crop c = ceil(S / z) centred at top = (S - c) div 2, scipy.ndimage.zoom order 1
    /// (output size m = round(c z), output o samples input o (c - 1)/(m - 1), linear), then keep S pixels from (m - S) div 2.
    /// Order-1 zoom is separable, so the result is A_H x A_W^T with the [S,S] matrices of <see cref="ClippedZoomMatrix"/>.
    /// </summary>
    public static Tensor ClippedZoom(Tensor x, double zoom)
    {
        using var scope = NewDisposeScope();
        var rows = ClippedZoomMatrix(x.shape[2], zoom, x);
        var cols = ClippedZoomMatrix(x.shape[3], zoom, x);
        return matmul(matmul(rows, x), cols.t()).MoveToOuterDisposeScope();
    }

    /// <summary>[S,S] weights of <see cref="ClippedZoom"/> along an axis of size S (row = output pixel, column = input pixel).</summary>
    internal static Tensor ClippedZoomMatrix(long size, double zoom, Tensor like)
    {
        long crop = (long)Math.Ceiling(size / zoom);
        long top = (size - crop) / 2;
        long zoomed = (long)Math.Round(crop * zoom, MidpointRounding.ToEven);
        long trim = (zoomed - size) / 2;
        double step = zoomed > 1 ? (double)(crop - 1) / (zoomed - 1) : 0;
        var m = new float[size * size];
        for (long o = 0; o < size; o++)
        {
            double at = (o + trim) * step;
            long lo = Math.Min((long)Math.Floor(at), crop - 1);
            double frac = at - lo;
            m[o * size + top + lo] += (float)(1 - frac);
            if (frac > 0) m[o * size + top + lo + 1] += (float)frac;
        }
        return tensor(m, new[] { size, size }, device: like.device).to(like.dtype);
    }

    /// <summary>
    /// ImageMagick's motion-blur offsets for kernel width w = 2 ceil(radius) + 1: tap i = 0..w-1 reads the pixel at
    /// (x + ceil(i cos a - 0.5), y + ceil(i sin a - 0.5)), a in degrees (MagickCore effect.c MotionBlurImage, GetOptimalKernelWidth1D).
    /// </summary>
    public static (int Dx, int Dy)[] MagickMotionOffsets(double radius, double angleDegrees)
    {
        int width = (int)(2 * Math.Ceiling(radius) + 1);
        double a = angleDegrees * Math.PI / 180, px = width * Math.Sin(a), py = width * Math.Cos(a), norm = Math.Sqrt(px * px + py * py);
        return Enumerable.Range(0, width).Select(i => ((int)Math.Ceiling(i * py / norm - 0.5), (int)Math.Ceiling(i * px / norm - 0.5))).ToArray();
    }

    /// <summary>ImageMagick's motion-blur weights exp(-i^2 / 2 sigma^2), i = 0..2 ceil(radius), normalised to sum 1.</summary>
    public static double[] MagickMotionWeights(double radius, double sigma)
    {
        int width = (int)(2 * Math.Ceiling(radius) + 1);
        var w = Enumerable.Range(0, width).Select(i => Math.Exp(-(double)i * i / (2 * sigma * sigma))).ToArray();
        double sum = w.Sum();
        return w.Select(v => v / sum).ToArray();
    }

    /// <summary>
    /// ImageMagick MotionBlurImage(radius, sigma, angle) on every image with its own angle (degrees): out(x,y) = sum_i w_i in(x + dx_i, y + dy_i),
    /// pixels outside the image repeat the edge (ImageMagick's default virtual pixels). No 8-bit rounding (the reference's PNG round trip).
    /// </summary>
    public static Tensor MagickMotionBlur(Tensor x, double radius, double sigma, double[] angles)
    {
        using var scope = NewDisposeScope();
        var weights = MagickMotionWeights(radius, sigma);
        int reach = weights.Length - 1, size = 2 * reach + 1;
        var padded = F.pad(x, new long[] { reach, reach, reach, reach }, PaddingModes.Replicate);
        long c = x.shape[1];
        var parts = new Tensor[x.shape[0]];
        for (int n = 0; n < parts.Length; n++)
        {
            var k = new float[size * size];
            var offsets = MagickMotionOffsets(radius, angles[n]);
            for (int i = 0; i < weights.Length; i++) k[(reach + offsets[i].Dy) * size + reach + offsets[i].Dx] += (float)weights[i];
            var kernel = tensor(k, new long[] { 1, 1, size, size }, device: x.device).to(x.dtype).expand(c, 1, size, size).contiguous();
            parts[n] = F.conv2d(padded.narrow(0, n, 1), kernel, groups: c);
        }
        return cat(parts, 0).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// make_cifar_c.py's plasma_fractal (diamond-square, after FLHerne's mapgen): a size x size map (size a power of two), map[0,0] = 0, wibble = 100;
    /// for step = size, size/2 .. 2: square centres = mean of 4 corners + wibble U(-wibble, wibble), then diamond points likewise (indices wrap), and
    /// wibble /= decay; finally min-max scaled to [0,1]. Draws come from <paramref name="g"/> (numpy's stream differs) in numpy's order.
    /// </summary>
    public static double[,] PlasmaFractal(int size, double decay, Generator g) =>
        PlasmaFractal(size, decay, (count, wibble) => ImageOps.Uniform(count, -wibble, wibble, g, CPU));

    /// <summary>
    /// The same with the draws given: <paramref name="uniform"/>(count, wibble) returns count values of U(-wibble, wibble), called three times per
    /// step in numpy's order (the square centres, then the points between horizontal neighbours, then those between vertical ones, each row-major),
    /// so the reference's recorded draws can be replayed.
    /// </summary>
    internal static double[,] PlasmaFractal(int size, double decay, Func<int, double, double[]> uniform)
    {
        if (size < 2 || (size & (size - 1)) != 0) throw new ArgumentException($"plasma fractal size {size} must be a power of two >= 2.", nameof(size));
        var map = new double[size, size];
        double wibble = 100;
        for (int step = size; step >= 2; step /= 2, wibble /= decay)
        {
            int half = step / 2, cells = size / step;
            double At(int y, int x) => map[((y % size) + size) % size, ((x % size) + size) % size];
            var squares = uniform(cells * cells, wibble);
            for (int y = 0, d = 0; y < size; y += step)
                for (int x = 0; x < size; x += step)
                    map[y + half, x + half] = (At(y, x) + At(y + step, x) + At(y, x + step) + At(y + step, x + step)) / 4 + wibble * squares[d++];
            var leftDraws = uniform(cells * cells, wibble);
            var topDraws = uniform(cells * cells, wibble);
            var left = new double[cells, cells];
            var top = new double[cells, cells];
            for (int y = 0; y < size; y += step)
                for (int x = 0; x < size; x += step)
                {
                    int k = (y / step) * cells + x / step;
                    left[y / step, x / step] = (At(y + half, x + half) + At(y - half, x + half) + At(y, x) + At(y, x + step)) / 4 + wibble * leftDraws[k];
                    top[y / step, x / step] = (At(y + half, x + half) + At(y + half, x - half) + At(y, x) + At(y + step, x)) / 4 + wibble * topDraws[k];
                }
            for (int y = 0; y < size; y += step)
                for (int x = 0; x < size; x += step)
                {
                    map[y, x + half] = left[y / step, x / step];
                    map[y + half, x] = top[y / step, x / step];
                }
        }
        double lo = double.MaxValue, hi = double.MinValue;
        foreach (var v in map) { lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++) map[y, x] = (map[y, x] - lo) / (hi - lo);
        return map;
    }

    /// <summary>
    /// [outSize, inSize] weights of PIL's resize with the BOX filter along one axis (Pillow 9 Resample.c precompute_coeffs, re-stated): scale
    /// r = in/out, support = 0.5 max(r, 1); output i has centre (i + 0.5) r and takes input pixels j in [(int)(centre - support + 0.5),
    /// (int)(centre + support + 0.5)) with weight 1 where -0.5 &lt; (j - centre + 0.5) / max(r, 1) &lt;= 0.5, normalised. Down-sampling averages the
    /// pixels whose centres fall in the window; up-sampling picks one pixel (nearest). PIL's 8-bit rounding after each pass is not reproduced.
    /// </summary>
    public static Tensor PilBoxMatrix(long outSize, long inSize, Tensor like)
    {
        var m = new float[outSize * inSize];
        double scale = (double)inSize / outSize, filterScale = Math.Max(scale, 1), support = 0.5 * filterScale;
        for (long i = 0; i < outSize; i++)
        {
            double centre = (i + 0.5) * scale;
            long lo = Math.Max(0, (long)(centre - support + 0.5)), hi = Math.Min(inSize, (long)(centre + support + 0.5));
            var taps = new List<long>();
            for (long j = lo; j < hi; j++)
            {
                double u = (j - centre + 0.5) / filterScale;
                if (u > -0.5 && u <= 0.5) taps.Add(j);
            }
            foreach (var j in taps) m[i * inSize + j] = 1f / taps.Count;
        }
        return tensor(m, new[] { outSize, inSize }, device: like.device).to(like.dtype);
    }
}
