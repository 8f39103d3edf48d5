using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Data;

/// <summary>
/// Per-channel standardisation (x - mean_c) / std_c with statistics from <see cref="Compute"/>. A channel whose std is
/// below <see cref="MinStd"/> (constant) is divided by 1, i.e. only centred.
/// </summary>
public static class Normalization
{
    public const double MinStd = 1e-12;

    /// <summary>
    /// Mean and population std (divide by N, not N-1) per channel over all samples and positions, computed in double
    /// precision in two passes.
    /// </summary>
    public static ChannelStats Compute(Dataset d)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (d.Count == 0) throw new ArgumentException($"Dataset '{d.Name}' is empty; cannot compute per-channel statistics.", nameof(d));
        int channels = d.SampleShape[0];
        int spatial = d.SampleSize / channels;
        var mean = new double[channels];
        var sq = new double[channels];
        ForEachValue(d, (c, v) => mean[c] += v);
        double n = (double)d.Count * spatial;
        for (int c = 0; c < channels; c++) mean[c] /= n;
        ForEachValue(d, (c, v) => sq[c] += (v - mean[c]) * (v - mean[c]));
        return new ChannelStats(mean, sq.Select(s => Math.Sqrt(s / n)).ToArray());
    }

    /// <summary>Standardises a batch [N, C, ...] on its own device and in its dtype; returns a new tensor.</summary>
    public static Tensor Apply(Tensor x, ChannelStats s)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(s);
        if (x.dim() < 2 || x.shape[1] != s.Channels)
            throw new ArgumentException($"Normalization expects a batch [N, {s.Channels}, ...]; got [{string.Join(",", x.shape)}].", nameof(x));
        var shape = new long[x.dim()];
        Array.Fill(shape, 1L);
        shape[1] = s.Channels;
        using var scope = NewDisposeScope();
        var mean = tensor(s.Mean, shape, ScalarType.Float64, x.device).to_type(x.dtype);
        var std = tensor(Divisors(s), shape, ScalarType.Float64, x.device).to_type(x.dtype);
        return ((x - mean) / std).MoveToOuterDisposeScope();
    }

    /// <summary>A new dataset with standardised features (same labels, shape and class names; name gets "+normalized").</summary>
    public static Dataset Apply(Dataset d, ChannelStats s)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(s);
        if (d.SampleShape[0] != s.Channels)
            throw new ArgumentException($"Dataset '{d.Name}' has {d.SampleShape[0]} channels; these statistics are for {s.Channels}.", nameof(s));
        var div = Divisors(s);
        int spatial = d.SampleSize / s.Channels;
        var f = new float[d.Features.Length];
        for (long i = 0; i < f.Length; i++)
        {
            int c = (int)(i % d.SampleSize / spatial);
            f[i] = (float)((d.Features[i] - s.Mean[c]) / div[c]);
        }
        return new Dataset(d.Name + "+normalized", f, d.Labels, d.SampleShape, d.ClassNames);
    }

    static double[] Divisors(ChannelStats s) => s.Std.Select(v => v < MinStd ? 1.0 : v).ToArray();

    static void ForEachValue(Dataset d, Action<int, double> add)
    {
        int channels = d.SampleShape[0];
        int spatial = d.SampleSize / channels;
        var f = d.Features;
        for (long i = 0; i < f.Length; i++) add((int)(i % d.SampleSize / spatial), f[i]);
    }
}
