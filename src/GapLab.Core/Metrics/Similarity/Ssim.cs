using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Metrics.Similarity;

/// <summary>
/// Structural similarity SSIM = (2μxμy + C1)(2σxy + C2) / ((μx² + μy² + C1)(σx² + σy² + C2)), C1 = (K1 L)², C2 = (K2 L)², local windowed
/// statistics, mean over the map without its (w-1)/2 border and over channels. Source: Wang et al. (2004) IEEE TIP 13(4); scikit-image structural_similarity.
/// </summary>
public static class Ssim
{
    /// <summary>
    /// SSIM of each pair (a[i], b[i]) of [N, C, H, W] images with values in [0, DataRange]; returns float64 [N] (on the CPU for CPU
    /// inputs, computed by <see cref="SsimCpuKernel"/>; on the inputs' device otherwise, by tensor operations).
    /// </summary>
    public static Tensor Pairwise(Tensor a, Tensor b, SsimOptions? options = null)
    {
        var o = options ?? SsimOptions.Default;
        o.Validate();
        Validate(a, b, o);
        using var scope = NewDisposeScope();
        var x = a.to_type(ScalarType.Float64).contiguous();
        var y = b.to_type(ScalarType.Float64).contiguous();
        if (x.device.type == DeviceType.CPU)
        {
            // fused managed kernel over the tensors' memory: a few passes over cache-resident buffers instead of ~25 full-size tensor operations
            var (n4, c4, h4, w4) = ((int)x.shape[0], (int)x.shape[1], (int)x.shape[2], (int)x.shape[3]);
            var r = SsimCpuKernel.Pairwise(x.bytes, y.bytes, n4, c4, h4, w4, Weights1D(o), CovarianceNorm(o), C1(o), C2(o), get_num_threads());
            CheckRange(r.MinA, r.MaxA, nameof(a), o);
            CheckRange(r.MinB, r.MaxB, nameof(b), o);
            return tensor(r.Values, ScalarType.Float64).MoveToOuterDisposeScope();
        }
        CheckRange(x.min().ToDouble(), x.max().ToDouble(), nameof(a), o);
        CheckRange(y.min().ToDouble(), y.max().ToDouble(), nameof(b), o);
        return WithTensors(x, y, o).MoveToOuterDisposeScope();
    }

    /// <summary>The device path of <see cref="Pairwise"/> on float64 [N, C, H, W] inputs (any device): the five local means in one filtering pass.</summary>
    internal static Tensor WithTensors(Tensor x, Tensor y, SsimOptions o)
    {
        long n = x.shape[0];
        double covNorm = CovarianceNorm(o), c1 = C1(o), c2 = C2(o);
        // the five local means in one filtering pass over [5N, C, H, W]
        var means = Filter(cat([x, y, x * x, y * y, x * y], 0), o).split(n, 0);
        var (ux, uy, uxx, uyy, uxy) = (means[0], means[1], means[2], means[3], means[4]);
        var vx = covNorm * (uxx - ux * ux);
        var vy = covNorm * (uyy - uy * uy);
        var vxy = covNorm * (uxy - ux * uy);
        var map = (2 * ux * uy + c1) * (2 * vxy + c2) / ((ux * ux + uy * uy + c1) * (vx + vy + c2));
        // the valid convolution already drops the (w-1)/2 border; every channel has the same pixel count, so one mean = mean of channel means
        return map.mean([1L, 2L, 3L]);
    }

    /// <summary>np / (np - 1) for the sample covariance over a window of np pixels, else 1.</summary>
    static double CovarianceNorm(SsimOptions o)
    {
        int np = o.WindowSize * o.WindowSize;
        return o.UseSampleCovariance ? (double)np / (np - 1) : 1.0;
    }

    static double C1(SsimOptions o) => Math.Pow(o.K1 * o.DataRange, 2);
    static double C2(SsimOptions o) => Math.Pow(o.K2 * o.DataRange, 2);

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

    /// <summary>
    /// Valid-mode windowed mean of each channel of <paramref name="t"/> [N, C, H, W] (float64): the uniform w x w window as a stride-1
    /// average pool, the Gaussian window as two 1-D passes (it is separable), each far cheaper than a dense w x w convolution.
    /// </summary>
    internal static Tensor Filter(Tensor t, SsimOptions o)
    {
        int w = o.WindowSize;
        if (!o.GaussianWeights) return nn.functional.avg_pool2d(t, [w, w], [1, 1]);
        var weights = Weights1D(o);
        long channels = t.shape[1];
        using var column = tensor(weights, [1, 1, w, 1], ScalarType.Float64, t.device).expand(channels, 1, w, 1).contiguous();
        using var row = column.view(channels, 1, 1, w);
        using var vertical = nn.functional.conv2d(t, column, groups: channels);
        return nn.functional.conv2d(vertical, row, groups: channels);
    }

    /// <summary>The normalised 1-D window: uniform 1/w, or a Gaussian of radius (w-1)/2 and the option's sigma.</summary>
    static double[] Weights1D(SsimOptions o)
    {
        int w = o.WindowSize, r = (w - 1) / 2;
        var weights = new double[w];
        for (int i = 0; i < w; i++) weights[i] = o.GaussianWeights ? Math.Exp(-0.5 * (i - r) * (i - r) / (o.Sigma * o.Sigma)) : 1.0;
        double sum = weights.Sum();
        return weights.Select(v => v / sum).ToArray();
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
    }

    static void CheckRange(double min, double max, string name, SsimOptions o)
    {
        double slack = 1e-6 * o.DataRange;
        if (!(min >= -slack && max <= o.DataRange + slack))
            throw new ArgumentException($"{name} has values in [{min}, {max}]: accepted [0, {o.DataRange}] (set SsimOptions.DataRange for other scales).", name);
    }
}
