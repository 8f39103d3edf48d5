using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Metrics.Similarity;

/// <summary>
/// Structural similarity SSIM = (2μxμy + C1)(2σxy + C2) / ((μx² + μy² + C1)(σx² + σy² + C2)), C1 = (K1 L)², C2 = (K2 L)², local windowed
/// statistics, mean over the map without its (w-1)/2 border and over channels. Source: Wang et al. (2004) IEEE TIP 13(4); scikit-image structural_similarity.
/// </summary>
public static class Ssim
{
    /// <summary>SSIM of each pair (a[i], b[i]) of [N, C, H, W] images with values in [0, DataRange]; returns float64 [N] on the inputs' device.</summary>
    public static Tensor Pairwise(Tensor a, Tensor b, SsimOptions? options = null)
    {
        var o = options ?? SsimOptions.Default;
        o.Validate();
        Validate(a, b, o);
        using var scope = NewDisposeScope();
        var x = a.to_type(ScalarType.Float64);
        var y = b.to_type(ScalarType.Float64);
        int channels = (int)x.shape[1];
        var window = Window(o, channels, x.device);
        Tensor Filter(Tensor t) => nn.functional.conv2d(t, window, groups: channels);
        var ux = Filter(x);
        var uy = Filter(y);
        int np = o.WindowSize * o.WindowSize;
        double covNorm = o.UseSampleCovariance ? (double)np / (np - 1) : 1.0;
        var vx = covNorm * (Filter(x * x) - ux * ux);
        var vy = covNorm * (Filter(y * y) - uy * uy);
        var vxy = covNorm * (Filter(x * y) - ux * uy);
        double c1 = Math.Pow(o.K1 * o.DataRange, 2), c2 = Math.Pow(o.K2 * o.DataRange, 2);
        var map = (2 * ux * uy + c1) * (2 * vxy + c2) / ((ux * ux + uy * uy + c1) * (vx + vy + c2));
        // the valid convolution already drops the (w-1)/2 border; every channel has the same pixel count, so one mean = mean of channel means
        return map.mean([1L, 2L, 3L]).MoveToOuterDisposeScope();
    }

    /// <summary>Mean SSIM over the N pairs.</summary>
    public static double Mean(Tensor a, Tensor b, SsimOptions? options = null)
    {
        using var scope = NewDisposeScope();
        return Pairwise(a, b, options).mean().ToDouble();
    }

    /// <summary>Index pairs (i, j), i &lt; j, of all n(n-1)/2 unordered pairs of n items, row-major.</summary>
    public static (long[] First, long[] Second) AllPairs(int n)
    {
        if (n < 2) throw new ArgumentException($"n = {n}: accepted at least 2 items to pair.", nameof(n));
        long count = (long)n * (n - 1) / 2;
        var first = new long[count];
        var second = new long[count];
        long k = 0;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++, k++) { first[k] = i; second[k] = j; }
        return (first, second);
    }

    /// <summary>SSIM(images[first[k]], images[second[k]]) for every k, computed in batches of <paramref name="batchSize"/> pairs.</summary>
    public static double[] OverPairs(Tensor images, IReadOnlyList<long> first, IReadOnlyList<long> second, SsimOptions? options = null, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Count != second.Count) throw new ArgumentException($"{first.Count} first indices but {second.Count} second: accepted equal lengths.", nameof(second));
        if (batchSize < 1) throw new ArgumentException($"batchSize = {batchSize}: accepted a positive integer.", nameof(batchSize));
        if (images.dim() != 4) throw new ArgumentException($"images have shape [{string.Join(", ", images.shape)}]: accepted [N, C, H, W].", nameof(images));
        long n = images.shape[0];
        for (int k = 0; k < first.Count; k++)
            if (first[k] < 0 || first[k] >= n || second[k] < 0 || second[k] >= n)
                throw new ArgumentException($"pair {k} = ({first[k]}, {second[k]}) is invalid: accepted indices in [0, {n}).", nameof(first));
        var result = new double[first.Count];
        for (int start = 0; start < first.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            int len = Math.Min(batchSize, first.Count - start);
            var i = tensor(first.Skip(start).Take(len).ToArray(), device: images.device);
            var j = tensor(second.Skip(start).Take(len).ToArray(), device: images.device);
            var s = Pairwise(images.index_select(0, i), images.index_select(0, j), options).cpu().data<double>().ToArray();
            Array.Copy(s, 0, result, start, len);
        }
        return result;
    }

    /// <summary>The symmetric n x n SSIM matrix K[i, j] = SSIM(images[i], images[j]) with K[i, i] = 1.</summary>
    public static double[,] Matrix(Tensor images, SsimOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        int n = (int)images.shape[0];
        var k = new double[n, n];
        for (int i = 0; i < n; i++) k[i, i] = 1;
        if (n < 2) return k;
        var (first, second) = AllPairs(n);
        var s = OverPairs(images, first, second, options);
        for (int p = 0; p < s.Length; p++) k[first[p], second[p]] = k[second[p], first[p]] = s[p];
        return k;
    }

    /// <summary>The [C, 1, w, w] float64 window: uniform 1/w², or the normalised outer product of a 1-D Gaussian (radius (w-1)/2).</summary>
    internal static Tensor Window(SsimOptions o, int channels, Device device)
    {
        int w = o.WindowSize, r = (w - 1) / 2;
        var weights = new double[w];
        for (int i = 0; i < w; i++) weights[i] = o.GaussianWeights ? Math.Exp(-0.5 * (i - r) * (i - r) / (o.Sigma * o.Sigma)) : 1.0;
        double sum = weights.Sum();
        var kernel = new double[w * w];
        for (int i = 0; i < w; i++)
            for (int j = 0; j < w; j++) kernel[i * w + j] = weights[i] / sum * (weights[j] / sum);
        using var single = tensor(kernel, [1, 1, w, w], ScalarType.Float64, device);
        return single.expand(channels, 1, w, w).contiguous();
    }

    static void Validate(Tensor a, Tensor b, SsimOptions o)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.dim() != 4) throw new ArgumentException($"images have shape [{string.Join(", ", a.shape)}]: accepted [N, C, H, W].", nameof(a));
        if (!a.shape.SequenceEqual(b.shape))
            throw new ArgumentException($"shapes [{string.Join(", ", a.shape)}] and [{string.Join(", ", b.shape)}] differ: accepted two equal [N, C, H, W] batches.", nameof(b));
        if (!a.is_floating_point() || !b.is_floating_point())
            throw new ArgumentException($"dtypes {a.dtype}/{b.dtype}: accepted floating-point images scaled to [0, {o.DataRange}].", nameof(a));
        if (a.shape[0] == 0) throw new ArgumentException("the batch is empty: accepted N >= 1 image pairs.", nameof(a));
        if (a.shape[2] < o.WindowSize || a.shape[3] < o.WindowSize)
            throw new ArgumentException($"images are {a.shape[2]}x{a.shape[3]}: accepted at least {o.WindowSize}x{o.WindowSize} (the SSIM window).", nameof(a));
        foreach (var (t, name) in new[] { (a, nameof(a)), (b, nameof(b)) })
        {
            double min = t.min().ToDouble(), max = t.max().ToDouble();
            double slack = 1e-6 * o.DataRange;
            if (!(min >= -slack && max <= o.DataRange + slack))
                throw new ArgumentException($"{name} has values in [{min}, {max}]: accepted [0, {o.DataRange}] (set SsimOptions.DataRange for other scales).", name);
        }
    }
}
