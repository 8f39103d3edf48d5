using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Testbed;

/// <summary>
/// One-parameter corruption for the calibrated route: D_t(x) = clamp((1 - t) x + t G_sigma(x) + t s eps, 0, 1), t in [0, 1],
/// G_sigma a Gaussian blur (reflect padding), eps a fixed seeded N(0, 1) field, s the noise scale. D_0 = identity and D_t is
/// continuous in t, so bisection on t reaches any mean SSIM between SSIM(D_1(x), x) and 1 (GapLab's substitute for the paper's autoencoders).
/// </summary>
public static class CalibratedCorruption
{
    /// <summary>D_t of <paramref name="images"/> [N, C, H, W] in [0, 1] with the blurred copy and noise precomputed (same shape).</summary>
    public static Tensor Apply(Tensor images, Tensor blurred, Tensor noise, double severity, double noiseScale)
    {
        if (!(severity >= 0 && severity <= 1))
            throw new ArgumentException(FormattableString.Invariant($"severity = {severity} is invalid: accepted [0, 1]."), nameof(severity));
        using var scope = NewDisposeScope();
        var mixed = images * (1 - severity) + blurred * severity + noise * (severity * noiseScale);
        return mixed.clamp(0.0, 1.0).MoveToOuterDisposeScope();
    }

    /// <summary>Gaussian blur of [N, C, H, W] images, per channel, kernel radius ceil(3 sigma) (capped so reflect padding fits).</summary>
    public static Tensor Blur(Tensor images, double sigma)
    {
        if (images.dim() != 4) throw new ArgumentException($"images have shape [{string.Join(", ", images.shape)}]: accepted [N, C, H, W].", nameof(images));
        if (!(sigma > 0)) throw new ArgumentException(FormattableString.Invariant($"sigma = {sigma} is invalid: accepted a positive blur width in pixels."), nameof(sigma));
        using var scope = NewDisposeScope();
        long channels = images.shape[1];
        int radius = (int)Math.Min(Math.Ceiling(3 * sigma), Math.Min(images.shape[2], images.shape[3]) - 1);
        if (radius < 1) return images.clone().MoveToOuterDisposeScope();
        var taps = Enumerable.Range(-radius, 2 * radius + 1).Select(i => Math.Exp(-0.5 * i * i / (sigma * sigma))).ToArray();
        double sum = taps.Sum();
        var k = tensor(taps.Select(v => (float)(v / sum)).ToArray(), dtype: images.dtype, device: images.device);
        var kh = k.reshape(1, 1, 1, 2 * radius + 1).expand(channels, 1, 1, 2 * radius + 1);
        var kv = k.reshape(1, 1, 2 * radius + 1, 1).expand(channels, 1, 2 * radius + 1, 1);
        var padded = nn.functional.pad(images, [radius, radius, radius, radius], PaddingModes.Reflect);
        var h = nn.functional.conv2d(padded, kh, groups: channels);
        var v = nn.functional.conv2d(h, kv, groups: channels);
        return v.MoveToOuterDisposeScope();
    }
}
