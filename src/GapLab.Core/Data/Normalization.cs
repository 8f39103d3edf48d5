using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Data;

/// <summary>
/// Per-channel standardisation (x - mean_c) / std_c. The channel is the first sample dimension: C for images [C,H,W],
/// each feature for vectors [D]. Std is the population standard deviation over all samples and positions of the channel;
/// a channel with std below 1e-12 (constant) keeps std 1 so it is only centred.
/// </summary>
public sealed record Normalization(double[] Mean, double[] Std)
{
    public const double MinStd = 1e-12;

    public int Channels => Mean.Length;

    /// <summary>Mean and std per channel of <paramref name="d"/> (computed in double precision).</summary>
    public static Normalization Compute(Dataset d)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (d.Count == 0) throw new ArgumentException($"Dataset '{d.Name}' is empty; cannot compute normalization statistics.");
        int channels = d.SampleShape[0];
        int spatial = d.SampleSize / channels;
        var sum = new double[channels];
        var sumSq = new double[channels];
        var f = d.Features;
        for (long s = 0; s < d.Count; s++)
            for (int c = 0; c < channels; c++)
            {
                long baseIdx = s * d.SampleSize + (long)c * spatial;
                double a = 0, b = 0;
                for (int p = 0; p < spatial; p++) { double v = f[baseIdx + p]; a += v; b += v * v; }
                sum[c] += a;
                sumSq[c] += b;
            }
        double n = (double)d.Count * spatial;
        var mean = new double[channels];
        var std = new double[channels];
        for (int c = 0; c < channels; c++)
        {
            mean[c] = sum[c] / n;
            double sd = Math.Sqrt(Math.Max(0, sumSq[c] / n - mean[c] * mean[c]));
            std[c] = sd < MinStd ? 1 : sd;
        }
        return new Normalization(mean, std);
    }

    /// <summary>Standardises a batch [N, C, ...] (float32) on its own device; returns a new tensor.</summary>
    public Tensor Normalize(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() < 2 || x.shape[1] != Channels)
            throw new ArgumentException($"Normalize expects a batch [N, {Channels}, ...]; got [{string.Join(",", x.shape)}].");
        var shape = new long[x.dim()];
        Array.Fill(shape, 1L);
        shape[1] = Channels;
        using var scope = NewDisposeScope();
        var mean = tensor(Mean.Select(v => (float)v).ToArray(), shape, x.dtype, x.device);
        var std = tensor(Std.Select(v => (float)v).ToArray(), shape, x.dtype, x.device);
        return ((x - mean) / std).MoveToOuterDisposeScope();
    }

    /// <summary>A new dataset with standardised features (same labels, shape and class names).</summary>
    public Dataset Apply(Dataset d, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (d.SampleShape[0] != Channels)
            throw new ArgumentException($"Dataset '{d.Name}' has {d.SampleShape[0]} channels; these statistics are for {Channels}.");
        int spatial = d.SampleSize / Channels;
        var f = new float[d.Features.Length];
        for (long i = 0; i < f.Length; i++)
        {
            int c = (int)(i % d.SampleSize / spatial);
            f[i] = (float)((d.Features[i] - Mean[c]) / Std[c]);
        }
        return new Dataset(name ?? d.Name + "+normalized", f, d.Labels, d.SampleShape, d.ClassNames);
    }
}
