using GapLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using F = TorchSharp.torch.nn.functional;

namespace GapLab.Quality;

/// <summary>Tensor image helpers for the corruptions: images are float [N,C,H,W] in [0,1], C = 1 (grey) or 3 (RGB).</summary>
internal static class ImageOps
{
    /// <summary>Spatial parameters are given for 32x32 (CIFAR-10-C) and multiplied by min(H,W)/32.</summary>
    public const double ReferenceSize = 32;

    public static double SpatialScale(Tensor x) => Math.Min(x.shape[2], x.shape[3]) / ReferenceSize;

    /// <summary>Normalised 1-D Gaussian weights exp(-k^2 / 2 sigma^2), k = -r..r, r = max(1, ceil(3 sigma)).</summary>
    public static Tensor GaussianKernel1D(double sigma, Device device)
    {
        int r = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        var w = new float[2 * r + 1];
        double sum = 0;
        for (int k = -r; k <= r; k++) sum += w[k + r] = (float)Math.Exp(-k * k / (2 * sigma * sigma));
        for (int i = 0; i < w.Length; i++) w[i] = (float)(w[i] / sum);
        return tensor(w, device: device);
    }

    /// <summary>Separable Gaussian blur of every channel; sigma &lt;= 0 returns a copy.</summary>
    public static Tensor GaussianBlur(Tensor x, double sigma)
    {
        if (sigma <= 0) return x.clone();
        using var scope = NewDisposeScope();
        var k = GaussianKernel1D(sigma, x.device).to(x.dtype);
        var blurred = Convolve(Convolve(x, k.view(1, -1)), k.view(-1, 1));
        return blurred.MoveToOuterDisposeScope();
    }

    /// <summary>Depthwise 2-D convolution of every channel with one odd-sized kernel [kh,kw]; reflect padding (replicate if the image is too small).</summary>
    public static Tensor Convolve(Tensor x, Tensor kernel)
    {
        using var scope = NewDisposeScope();
        long c = x.shape[1], kh = kernel.shape[0], kw = kernel.shape[1];
        var padded = Pad(x, kh / 2, kw / 2);
        var weight = kernel.to(x.dtype).view(1, 1, kh, kw).expand(c, 1, kh, kw).contiguous();
        return F.conv2d(padded, weight, groups: c).MoveToOuterDisposeScope();
    }

    /// <summary>Pads H by ph and W by pw on both sides: reflect when possible, otherwise replicate.</summary>
    public static Tensor Pad(Tensor x, long ph, long pw)
    {
        if (ph == 0 && pw == 0) return x.alias();
        var mode = ph < x.shape[2] && pw < x.shape[3] ? PaddingModes.Reflect : PaddingModes.Replicate;
        return F.pad(x, new[] { pw, pw, ph, ph }, mode);
    }

    /// <summary>Luma Y = 0.299 R + 0.587 G + 0.114 B as [N,1,H,W]; grey images are returned unchanged.</summary>
    public static Tensor Grayscale(Tensor x)
    {
        if (x.shape[1] == 1) return x.alias();
        using var scope = NewDisposeScope();
        var w = tensor(new[] { 0.299f, 0.587f, 0.114f }, device: x.device).to(x.dtype).view(1, 3, 1, 1);
        return (x * w).sum(1, keepdim: true).MoveToOuterDisposeScope();
    }

    /// <summary>Centre zoom by <paramref name="factor"/> &gt;= 1 (crop the middle 1/factor and resize back), bilinear, border padding.</summary>
    public static Tensor Zoom(Tensor x, double factor)
    {
        using var scope = NewDisposeScope();
        long n = x.shape[0];
        var theta = tensor(new[] { (float)(1 / factor), 0f, 0f, 0f, (float)(1 / factor), 0f }, device: x.device)
            .to(x.dtype).view(1, 2, 3).expand(n, 2, 3).contiguous();
        var grid = F.affine_grid(theta, x.shape, align_corners: false);
        return F.grid_sample(x, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: false).MoveToOuterDisposeScope();
    }

    /// <summary>Moves every output pixel to sample the input at (x + dx, y + dy) pixels; displacement [N,H,W,2] as (dx, dy); bilinear, reflection padding (half-sample, or reflect-101).</summary>
    public static Tensor Warp(Tensor x, Tensor displacement, bool reflect101 = false)
    {
        using var scope = NewDisposeScope();
        long h = x.shape[2], w = x.shape[3];
        // reflect101: pixel centres at -1 and 1 (align_corners), so reflection mirrors about the edge pixels' centres (OpenCV's
        // BORDER_REFLECT_101, gfedcb|abcdefgh|gfedcba); otherwise about the pixel edges (half-sample, scipy's 'reflect')
        double inset = reflect101 ? 0 : 1;
        var ys = linspace(-1 + inset / h, 1 - inset / h, h, dtype: x.dtype, device: x.device);
        var xs = linspace(-1 + inset / w, 1 - inset / w, w, dtype: x.dtype, device: x.device);
        var mesh = meshgrid(new[] { ys, xs }, indexing: "ij");
        var baseGrid = stack(new[] { mesh[1], mesh[0] }, -1).unsqueeze(0);
        var scale = (reflect101 ? tensor(new[] { 2f / (w - 1), 2f / (h - 1) }, device: x.device) : tensor(new[] { 2f / w, 2f / h }, device: x.device)).to(x.dtype);
        var grid = baseGrid + displacement.to(x.dtype) * scale;
        return F.grid_sample(x, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Reflection, align_corners: reflect101).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Fractal (fBm value-noise) field [N,1,H,W] scaled per image to [0,1]: sum over octaves o of decay^-o * bilinear-upsampled Gaussian noise
    /// on a (2^o + 1)^2 lattice. Larger decay = smoother. Stands in for Hendrycks' diamond-square plasma fractal (same role, own algorithm).
    /// </summary>
    public static Tensor Fractal(long n, long h, long w, double decay, Generator generator, Device device)
    {
        using var scope = NewDisposeScope();
        long size = Math.Max(h, w);
        var field = zeros(new[] { n, 1, size, size }, device: device);
        double amplitude = 1;
        for (long cells = 2; cells <= size * 2; cells *= 2)
        {
            var lattice = SeededRandom.Randn(new[] { n, 1, cells + 1, cells + 1 }, ScalarType.Float32, device, generator);
            field += amplitude * F.interpolate(lattice, new[] { size, size }, mode: InterpolationMode.Bilinear, align_corners: true);
            amplitude /= decay;
        }
        field = field.narrow(2, 0, h).narrow(3, 0, w);
        var lo = field.amin(new long[] { 2, 3 }, keepdim: true);
        var hi = field.amax(new long[] { 2, 3 }, keepdim: true);
        return ((field - lo) / (hi - lo + 1e-12)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// One-sided motion-blur kernel: weights exp(-k^2 / 2 sigma^2) at k = 0..ceil(3 sigma) pixels along angle (degrees), bilinearly splatted, normalised.
    /// Mirrors the ImageMagick motion_blur(radius, sigma, angle) used by Hendrycks' corruptions.
    /// </summary>
    public static Tensor MotionKernel(double sigma, double angleDegrees, Device device)
    {
        int reach = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        int size = 2 * reach + 3;
        int centre = size / 2;
        var k = new float[size * size];
        double cos = Math.Cos(angleDegrees * Math.PI / 180), sin = Math.Sin(angleDegrees * Math.PI / 180);
        for (int i = 0; i <= reach; i++)
        {
            double weight = Math.Exp(-i * i / (2 * sigma * sigma));
            double px = centre + i * cos, py = centre - i * sin;
            int x0 = (int)Math.Floor(px), y0 = (int)Math.Floor(py);
            double fx = px - x0, fy = py - y0;
            k[y0 * size + x0] += (float)(weight * (1 - fx) * (1 - fy));
            k[y0 * size + x0 + 1] += (float)(weight * fx * (1 - fy));
            k[(y0 + 1) * size + x0] += (float)(weight * (1 - fx) * fy);
            k[(y0 + 1) * size + x0 + 1] += (float)(weight * fx * fy);
        }
        float total = k.Sum();
        for (int i = 0; i < k.Length; i++) k[i] /= total;
        return tensor(k, new long[] { size, size }, device: device);
    }

    /// <summary>Applies a motion blur with its own angle to every image (angles in degrees, one per image).</summary>
    public static Tensor MotionBlur(Tensor x, double sigma, double[] angles)
    {
        using var scope = NewDisposeScope();
        var parts = new Tensor[x.shape[0]];
        for (int i = 0; i < parts.Length; i++)
            parts[i] = Convolve(x.narrow(0, i, 1), MotionKernel(sigma, angles[i], x.device));
        return cat(parts, 0).MoveToOuterDisposeScope();
    }

    /// <summary>Uniform draws in [lo, hi) from the generator, as doubles on the CPU.</summary>
    public static double[] Uniform(int count, double lo, double hi, Generator generator, Device device)
    {
        using var cpu = SeededRandom.Rand(new long[] { count }, ScalarType.Float64, CPU, generator);
        return cpu.data<double>().ToArray().Select(v => lo + (hi - lo) * v).ToArray();
    }

    /// <summary>
    /// Glass-blur pixel shuffle in place on flattened [N,C,H,W] <paramref name="pixels"/>: rows y = H-1-<paramref name="endMargin"/> down to
    /// <paramref name="startMargin"/> and, within each, columns x = W-1-endMargin down to startMargin, swap (y, x) with (y + dy, x + dx) in all
    /// channels, (dx, dy) = offsets[((i H + y) W + x) 2 + 0..1]. With <paramref name="neighbourKept"/>, (y, x) takes the neighbour's pixel and the
    /// neighbour keeps its own, as make_cifar_c.py's <c>x[h, w], x[h', w'] = x[h', w'], x[h, w]</c> does on an [H,W,C] numpy array (the right-hand
    /// side holds views, so the second assignment writes back the already-copied values).
    /// </summary>
    public static void SwapWithNeighbours(float[] pixels, long n, long c, long h, long w, int[] offsets, int endMargin, int startMargin, bool neighbourKept = false)
    {
        for (long i = 0; i < n; i++)
            for (long yy = h - 1 - endMargin; yy >= startMargin; yy--)
                for (long xx = w - 1 - endMargin; xx >= startMargin; xx--)
                {
                    long o = ((i * h + yy) * w + xx) * 2;
                    long ty = yy + offsets[o + 1], tx = xx + offsets[o];
                    for (long ch = 0; ch < c; ch++)
                    {
                        long a = ((i * c + ch) * h + yy) * w + xx, b = ((i * c + ch) * h + ty) * w + tx;
                        if (neighbourKept) pixels[a] = pixels[b];
                        else (pixels[a], pixels[b]) = (pixels[b], pixels[a]);
                    }
                }
    }
}
