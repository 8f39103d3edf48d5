using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Quality;

/// <summary>
/// motion_blur as make_cifar_c.py renders it: ImageMagick motion_blur(radius, sigma, angle ~ U(-45, 45)) with (radius, sigma) = (6,1), (6,1.5), (6,2),
/// (8,2), (9,2.5) px at 32x32 (Tiny-ImageNet-C uses (10,1) .. (12,3) at 64x64), scaled by min(H,W)/32 on other sizes; kernel and offsets of
/// <see cref="ReferenceImageOps.MagickMotionBlur"/>. The reference's PNG round trip rounds to 8 bits; GapLab keeps floats.
/// </summary>
internal sealed class MotionBlurCifar10CCorruption : Corruption
{
    internal static readonly (double Radius, double Sigma)[] Params = { (6, 1), (6, 1.5), (6, 2), (8, 2), (9, 2.5) };
    public override string Name => "motion_blur";
    public override CorruptionCategory Category => CorruptionCategory.Blur;
    public override string Summary => "camera-shake motion blur at a random angle (ImageMagick kernel, make_cifar_c.py constants)";
    public override string Describe(int severity) { var p = Pick(Params, severity); return $"radius={p.Radius}px, sigma={p.Sigma}px at 32x32, angle~U(-45,45)"; }

    public override Tensor Apply(Tensor x, int severity, Generator g)
    {
        var (radius, sigma) = Pick(Params, severity);
        double s = ImageOps.SpatialScale(x);
        var angles = ImageOps.Uniform((int)x.shape[0], -45, 45, g, x.device);
        return ReferenceImageOps.MagickMotionBlur(x, radius * s, sigma * s, angles);
    }
}
