using GapLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Quality;

/// <summary>
/// snow: flakes = N(loc, scale) layer, centre-zoomed, values below threshold set to 0, motion-blurred (sigma, angle U(-135,-45)); the image is whitened
/// x' = b x + (1-b) max(x, 1.5 gray(x) + 0.5) and x'' = x' + flakes + rot180(flakes). Parameters (loc, scale, zoom, threshold, motion sigma px, b) follow
/// CIFAR-10-C: (.1,.2,1,.6,3,.95), (.1,.2,1,.5,4,.9), (.15,.3,1.75,.55,4,.9), (.25,.3,2.25,.6,6,.85), (.3,.3,2.25,.6,6,.8); motion sigma scaled by min(H,W)/32.
/// Deviation: CIFAR-10-C severity 5 is (.3,.3,1.25,.65,12,.8), whose long thin streaks damage less than severity 4; GapLab keeps severity 4's
/// zoom, threshold and streak length at severity 5 and raises loc and whitening only.
/// </summary>
internal sealed class SnowCorruption : Corruption
{
    static readonly (double Loc, double Scale, double Zoom, double Threshold, double MotionSigma, double Blend)[] Params =
    {
        (0.1, 0.2, 1, 0.6, 3, 0.95), (0.1, 0.2, 1, 0.5, 4, 0.9), (0.15, 0.3, 1.75, 0.55, 4, 0.9),
        (0.25, 0.3, 2.25, 0.6, 6, 0.85), (0.3, 0.3, 2.25, 0.6, 6, 0.8),
    };
    public override string Name => "snow";
    public override CorruptionCategory Category => CorruptionCategory.Weather;
    public override string Summary => "falling snow flakes over a whitened image";
    public override string Describe(int severity)
    {
        var p = Pick(Params, severity);
        return $"loc={p.Loc}, scale={p.Scale}, zoom={p.Zoom}, threshold={p.Threshold}, motion_sigma={p.MotionSigma}px at 32x32, blend={p.Blend}";
    }

    public override Tensor Apply(Tensor x, int severity, Generator g)
    {
        using var scope = NewDisposeScope();
        var p = Pick(Params, severity);
        long n = x.shape[0], h = x.shape[2], w = x.shape[3];
        var flakes = SeededRandom.Randn(new[] { n, 1, h, w }, x.dtype, x.device, g) * p.Scale + p.Loc;
        if (p.Zoom > 1) flakes = ImageOps.Zoom(flakes, p.Zoom);
        flakes = where(flakes.lt(p.Threshold), zeros_like(flakes), flakes);
        var angles = ImageOps.Uniform((int)n, -135, -45, g, x.device);
        flakes = ImageOps.MotionBlur(flakes, p.MotionSigma * ImageOps.SpatialScale(x), angles);
        return OverWhitened(x, flakes, p.Blend).MoveToOuterDisposeScope();
    }

    /// <summary>The image whitened, x' = b x + (1-b) max(x, 1.5 gray(x) + 0.5), under the flakes and their 180-degree rotation: x' + f + rot180(f).</summary>
    internal static Tensor OverWhitened(Tensor x, Tensor flakes, double blend)
    {
        var whitened = blend * x + (1 - blend) * maximum(x, ImageOps.Grayscale(x) * 1.5 + 0.5);
        return whitened + flakes + flakes.flip(2, 3);
    }
}
