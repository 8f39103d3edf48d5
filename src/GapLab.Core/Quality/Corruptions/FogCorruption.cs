using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Quality;

/// <summary>
/// fog: x' = (x + t P) * m / (m + t), P a fractal field in [0,1] with decay d, m = max of the image; (t, d) = (.2,3), (.5,3), (.75,2.5), (1,2), (1.5,1.75)
/// (CIFAR-10-C). P is GapLab's fBm value noise (<see cref="ImageOps.Fractal"/>) by default, or make_cifar_c.py's diamond-square plasma fractal
/// (<see cref="ReferenceImageOps.PlasmaFractal(int, double, Generator)"/>, map size the smallest power of two &gt;= max(H,W), cropped) when <paramref name="diamondSquare"/>.
/// </summary>
internal sealed class FogCorruption(bool diamondSquare = false) : Corruption
{
    static readonly (double Thickness, double Decay)[] Params = { (0.2, 3), (0.5, 3), (0.75, 2.5), (1, 2), (1.5, 1.75) };
    public override string Name => "fog";
    public override CorruptionCategory Category => CorruptionCategory.Weather;
    public override string Summary => "fog from a fractal haze field";
    public override string Describe(int severity) { var p = Pick(Params, severity); return $"thickness={p.Thickness}, decay={p.Decay}, field={(diamondSquare ? "diamond-square plasma" : "fBm value noise")}"; }

    public override Tensor Apply(Tensor x, int severity, Generator g)
    {
        using var scope = NewDisposeScope();
        var (t, decay) = Pick(Params, severity);
        var haze = diamondSquare ? Plasma(x, decay, g) : ImageOps.Fractal(x.shape[0], x.shape[2], x.shape[3], decay, g, x.device).to(x.dtype);
        return Render(x, t, haze).MoveToOuterDisposeScope();
    }

    /// <summary>(x + t P) m / (m + t) with the haze field <paramref name="haze"/> [N,1,H,W] given, m = each image's maximum (before clipping).</summary>
    internal static Tensor Render(Tensor x, double t, Tensor haze)
    {
        using var scope = NewDisposeScope();
        var max = x.amax(new long[] { 1, 2, 3 }, keepdim: true);
        return ((x + t * haze.to(x.dtype)) * max / (max + t)).MoveToOuterDisposeScope();
    }

    /// <summary>The (thickness, decay) of <paramref name="severity"/> (1-5).</summary>
    internal static (double Thickness, double Decay) ParamsOf(int severity) => Pick(Params, severity);

    /// <summary>One diamond-square field per image, [N,1,H,W].</summary>
    static Tensor Plasma(Tensor x, double decay, Generator g)
    {
        long n = x.shape[0], h = x.shape[2], w = x.shape[3];
        int size = 2;
        while (size < Math.Max(h, w)) size *= 2;
        var values = new float[n * h * w];
        for (long i = 0; i < n; i++)
        {
            var map = ReferenceImageOps.PlasmaFractal(size, decay, g);
            for (long y = 0; y < h; y++)
                for (long xx = 0; xx < w; xx++) values[(i * h + y) * w + xx] = (float)map[y, xx];
        }
        return tensor(values, new[] { n, 1, h, w }, device: x.device).to(x.dtype);
    }
}
