using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Quality;

/// <summary>
/// defocus_blur as make_cifar_c.py renders it: hard disk X^2 + Y^2 &lt;= r^2 on the grid -8..8 (ceil(r) when r &gt; 8), normalised, blurred by OpenCV's
/// GaussianBlur (3x3, 5x5 when r &gt; 8; weights exp(-k^2 / 2 a^2); border reflect-101), then cv2.filter2D of every channel (correlation, border
/// reflect-101). (r, a) = (0.3,0.4), (0.4,0.5), (0.5,0.6), (1,0.2), (1.5,0.1) px at 32x32, scaled by min(H,W)/32. Radii below 1 keep only the
/// centre pixel, so severities 1-3 are 3x3 Gaussian blurs of sigma a.
/// </summary>
internal sealed class DefocusBlurCifar10CCorruption : Corruption
{
    static readonly (double Radius, double Alias)[] Params = { (0.3, 0.4), (0.4, 0.5), (0.5, 0.6), (1, 0.2), (1.5, 0.1) };
    public override string Name => "defocus_blur";
    public override CorruptionCategory Category => CorruptionCategory.Blur;
    public override string Summary => "out-of-focus disk blur (hard disk, OpenCV anti-aliasing; make_cifar_c.py)";
    public override string Describe(int severity) { var p = Pick(Params, severity); return $"radius={p.Radius}px, alias_sigma={p.Alias}px at 32x32"; }

    public override Tensor Apply(Tensor x, int severity, Generator g)
    {
        var (radius, alias) = Pick(Params, severity);
        double s = ImageOps.SpatialScale(x);
        using var kernel = tensor(Kernel(radius * s, alias * s), device: x.device);
        return ImageOps.Convolve(x, kernel);
    }

    /// <summary>The blurred disk kernel [2L+1, 2L+1], L = 8 (or ceil(r) for r &gt; 8).</summary>
    internal static float[,] Kernel(double radius, double alias)
    {
        int reach = radius <= 8 ? 8 : (int)Math.Ceiling(radius), size = 2 * reach + 1, blurReach = radius <= 8 ? 1 : 2;
        var disk = new double[size, size];
        double total = 0;
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
                if ((x - reach) * (x - reach) + (y - reach) * (y - reach) <= radius * radius) total += disk[y, x] = 1;
        var g = Enumerable.Range(-blurReach, 2 * blurReach + 1).Select(k => Math.Exp(-k * k / (2 * alias * alias))).ToArray();
        double gSum = g.Sum();
        var kernel = new float[size, size];
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                double v = 0;
                for (int i = -blurReach; i <= blurReach; i++)
                    for (int j = -blurReach; j <= blurReach; j++)
                        v += g[i + blurReach] * g[j + blurReach] * disk[Reflect101(y + i, size), Reflect101(x + j, size)];
                kernel[y, x] = (float)(v / (gSum * gSum * total));
            }
        return kernel;
    }

    /// <summary>OpenCV's BORDER_REFLECT_101 index (gfedcb|abcdefgh|gfedcba).</summary>
    static int Reflect101(int i, int size) => i < 0 ? -i : i >= size ? 2 * size - 2 - i : i;
}
