using GapLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Quality;

/// <summary>
/// snow as make_cifar_c.py renders it: flakes ~ N(loc, scale) [H,W], clipped_zoom by zoom, values below threshold set to 0, uint8(clip(flakes) 255)
/// (truncating), ImageMagick motion_blur(radius, sigma, angle ~ U(-135,-45)) read back as 8 bits (rounded); whitening x' = b x + (1-b) max(x, 1.5 gray(x) + 0.5) and
/// x'' = x' + flakes + rot180(flakes). (loc, scale, zoom, threshold, radius, sigma, b) = (.1,.2,1,.6,8,3,.95), (.1,.2,1,.5,10,4,.9),
/// (.15,.3,1.75,.55,10,4,.9), (.25,.3,2.25,.6,12,6,.85), (.3,.3,1.25,.65,14,12,.8); radius and sigma scaled by min(H,W)/32.
/// </summary>
internal sealed class SnowCifar10CCorruption : Corruption
{
    internal static readonly (double Loc, double Scale, double Zoom, double Threshold, double Radius, double Sigma, double Blend)[] Params =
    {
        (0.1, 0.2, 1, 0.6, 8, 3, 0.95), (0.1, 0.2, 1, 0.5, 10, 4, 0.9), (0.15, 0.3, 1.75, 0.55, 10, 4, 0.9),
        (0.25, 0.3, 2.25, 0.6, 12, 6, 0.85), (0.3, 0.3, 1.25, 0.65, 14, 12, 0.8),
    };
    public override string Name => "snow";
    public override CorruptionCategory Category => CorruptionCategory.Weather;
    public override string Summary => "falling snow flakes over a whitened image (make_cifar_c.py constants and steps)";
    public override string Describe(int severity)
    {
        var p = Pick(Params, severity);
        return $"loc={p.Loc}, scale={p.Scale}, zoom={p.Zoom}, threshold={p.Threshold}, motion radius={p.Radius}px sigma={p.Sigma}px at 32x32, blend={p.Blend}";
    }

    public override Tensor Apply(Tensor x, int severity, Generator g)
    {
        using var scope = NewDisposeScope();
        long n = x.shape[0], h = x.shape[2], w = x.shape[3];
        var normal = SeededRandom.Randn(new[] { n, 1, h, w }, x.dtype, x.device, g);
        var angles = ImageOps.Uniform((int)n, -135, -45, g, x.device);
        return Render(x, severity, normal, angles).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// snow with the random draws given: <paramref name="normal"/> [N,1,H,W] standard normal values (the flakes are loc + scale z) and one
    /// motion-blur angle per image in degrees. Replays make_cifar_c.py's draws in the reference tests.
    /// </summary>
    internal static Tensor Render(Tensor x, int severity, Tensor normal, double[] angles)
    {
        using var scope = NewDisposeScope();
        var p = Pick(Params, severity);
        double s = ImageOps.SpatialScale(x);
        var flakes = ReferenceImageOps.ClippedZoom(normal.to(x.dtype) * p.Scale + p.Loc, p.Zoom);
        flakes = ReferenceImageOps.TruncateToUint8(where(flakes.lt(p.Threshold), zeros_like(flakes), flakes));
        flakes = ReferenceImageOps.RoundToUint8(ReferenceImageOps.MagickMotionBlur(flakes, p.Radius * s, p.Sigma * s, angles)); // the blurred PNG is 8-bit
        return SnowCorruption.OverWhitened(x, flakes, p.Blend).MoveToOuterDisposeScope();
    }
}
