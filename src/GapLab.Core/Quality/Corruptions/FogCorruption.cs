using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Quality;

/// <summary>
/// fog: x' = (x + t P) * m / (m + t), P a fractal field in [0,1] with decay d, m = max of the image; (t, d) = (.2,3), (.5,3), (.75,2.5), (1,2), (1.5,1.75)
/// (CIFAR-10-C). P is GapLab's fBm value noise (<see cref="ImageOps.Fractal"/>) in place of the diamond-square plasma fractal.
/// </summary>
internal sealed class FogCorruption : Corruption
{
    static readonly (double Thickness, double Decay)[] Params = { (0.2, 3), (0.5, 3), (0.75, 2.5), (1, 2), (1.5, 1.75) };
    public override string Name => "fog";
    public override CorruptionCategory Category => CorruptionCategory.Weather;
    public override string Summary => "fog from a fractal haze field";
    public override string Describe(int severity) { var p = Pick(Params, severity); return $"thickness={p.Thickness}, decay={p.Decay}"; }

    public override Tensor Apply(Tensor x, int severity, Generator g)
    {
        using var scope = NewDisposeScope();
        var (t, decay) = Pick(Params, severity);
        var haze = ImageOps.Fractal(x.shape[0], x.shape[2], x.shape[3], decay, g, x.device).to(x.dtype);
        var max = x.amax(new long[] { 1, 2, 3 }, keepdim: true);
        return ((x + t * haze) * max / (max + t)).MoveToOuterDisposeScope();
    }
}
