using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Quality;

/// <summary>
/// motion_blur: one-sided Gaussian motion kernel with sigma = 1, 1.5, 2, 2.5, 3 px at 32x32 (CIFAR-10-C's ImageMagick sigma; radius 10-12 is never the
/// binding limit at these sigmas), scaled by min(H,W)/32, angle U(-45, 45) degrees per image.
/// </summary>
internal sealed class MotionBlurCorruption : Corruption
{
    static readonly double[] Sigma = { 1, 1.5, 2, 2.5, 3 };
    public override string Name => "motion_blur";
    public override CorruptionCategory Category => CorruptionCategory.Blur;
    public override string Summary => "camera-shake motion blur at a random angle";
    public override string Describe(int severity) => $"sigma={Pick(Sigma, severity)}px at 32x32, angle~U(-45,45)";

    public override Tensor Apply(Tensor x, int severity, Generator g)
    {
        var angles = ImageOps.Uniform((int)x.shape[0], -45, 45, g, x.device);
        return ImageOps.MotionBlur(x, Pick(Sigma, severity) * ImageOps.SpatialScale(x), angles);
    }
}
