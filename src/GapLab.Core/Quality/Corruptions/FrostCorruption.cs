using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Quality;

/// <summary>
/// frost: x' = a x + b F with (a, b) = (1,.2), (1,.3), (.9,.4), (.85,.4), (.75,.45) (CIFAR-10-C). Upstream F is a crop of one of six frost photographs;
/// here F is synthesised procedurally (no image files): a fine fractal ice haze (decay 1.6) plus randomly oriented bright ice needles, blurred 0.5 px,
/// F = clamp(0.25 + 0.45 haze + needles) tinted (0.82, 0.90, 1.00) for RGB (0.9 for grey). The same seed gives the same frost at every severity.
/// </summary>
internal sealed class FrostCorruption : Corruption
{
    static readonly (double Image, double Frost)[] Params = { (1, 0.2), (1, 0.3), (0.9, 0.4), (0.85, 0.4), (0.75, 0.45) };
    static readonly float[] Tint = { 0.82f, 0.90f, 1.00f };
    public override string Name => "frost";
    public override CorruptionCategory Category => CorruptionCategory.Weather;
    public override string Summary => "ice crystals on the lens (procedural frost texture)";
    public override string Describe(int severity) { var p = Pick(Params, severity); return $"image_weight={p.Image}, frost_weight={p.Frost}"; }

    public override Tensor Apply(Tensor x, int severity, Generator g)
    {
        using var scope = NewDisposeScope();
        var (a, b) = Pick(Params, severity);
        return (a * x + b * Texture(x, g)).MoveToOuterDisposeScope();
    }

    /// <summary>Frost texture [N,C,H,W] in [0,1].</summary>
    internal static Tensor Texture(Tensor x, Generator g)
    {
        using var scope = NewDisposeScope();
        long n = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
        double s = ImageOps.SpatialScale(x);
        var haze = ImageOps.Fractal(n, h, w, 1.6, g, x.device).to(x.dtype);
        int needlesPerImage = (int)Math.Max(4, h * w / 48);
        var draws = ImageOps.Uniform((int)(n * needlesPerImage * 5), 0, 1, g, x.device);
        var needles = new float[n * h * w];
        int d = 0;
        for (long i = 0; i < n; i++)
            for (int k = 0; k < needlesPerImage; k++)
            {
                double cy = draws[d++] * (h - 1), cx = draws[d++] * (w - 1), angle = draws[d++] * Math.PI;
                double length = (2 + 4 * draws[d++]) * s, brightness = 0.3 + 0.5 * draws[d++];
                int samples = (int)Math.Ceiling(2 * length) + 1;
                for (int t = 0; t < samples; t++)
                {
                    double u = -length / 2 + length * t / Math.Max(1, samples - 1);
                    long py = (long)Math.Round(cy + u * Math.Sin(angle)), px = (long)Math.Round(cx + u * Math.Cos(angle));
                    if (py < 0 || py >= h || px < 0 || px >= w) continue;
                    long at = (i * h + py) * w + px;
                    needles[at] = Math.Max(needles[at], (float)brightness);
                }
            }
        var needleMap = ImageOps.GaussianBlur(tensor(needles, new[] { n, 1, h, w }, device: x.device).to(x.dtype), 0.5 * s);
        var grey = (0.25 + 0.45 * haze + needleMap * 1.5).clamp(0, 1);
        var tint = c == 3 ? tensor(Tint, device: x.device).view(1, 3, 1, 1) : full(new long[] { 1, c, 1, 1 }, 0.9f, device: x.device);
        return (grey * tint.to(x.dtype)).MoveToOuterDisposeScope();
    }
}
