using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Quality;

/// <summary>
/// defocus_blur: convolution with an anti-aliased disk of radius r, then a Gaussian of sigma a; (r, a) = (0.3,0.4), (0.4,0.5), (0.5,0.6), (1,0.2), (1.5,0.1)
/// px at 32x32 (CIFAR-10-C), scaled by min(H,W)/32. Disk weights clamp(r + 0.5 - |d|, 0, 1) keep the strength monotone in r for fractional radii.
/// </summary>
internal sealed class DefocusBlurCorruption : Corruption
{
    static readonly (double Radius, double Alias)[] Params = { (0.3, 0.4), (0.4, 0.5), (0.5, 0.6), (1, 0.2), (1.5, 0.1) };
    public override string Name => "defocus_blur";
    public override CorruptionCategory Category => CorruptionCategory.Blur;
    public override string Summary => "out-of-focus disk blur";
    public override string Describe(int severity) { var p = Pick(Params, severity); return $"radius={p.Radius}px, alias_sigma={p.Alias}px at 32x32"; }

    public override Tensor Apply(Tensor x, int severity, Generator g)
    {
        using var scope = NewDisposeScope();
        var (radius, alias) = Pick(Params, severity);
        double s = ImageOps.SpatialScale(x);
        var disk = ImageOps.Convolve(x, Disk(radius * s, x.device));
        return ImageOps.GaussianBlur(disk, alias * s).MoveToOuterDisposeScope();
    }

    static Tensor Disk(double radius, Device device)
    {
        int reach = (int)Math.Ceiling(radius + 0.5);
        int size = 2 * reach + 1;
        var w = new float[size * size];
        for (int y = -reach; y <= reach; y++)
            for (int x = -reach; x <= reach; x++)
                w[(y + reach) * size + x + reach] = (float)Math.Clamp(radius + 0.5 - Math.Sqrt(x * x + y * y), 0, 1);
        float sum = w.Sum();
        return tensor(w.Select(v => v / sum).ToArray(), new long[] { size, size }, device: device);
    }
}
