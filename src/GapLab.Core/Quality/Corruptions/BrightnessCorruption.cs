using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Quality;

/// <summary>
/// brightness: in HSV, V' = clip(V + c, 0, 1) with hue and saturation kept, i.e. rgb' = rgb V'/V (grey V' where V = 0); grey images: x + c.
/// c = .05, .1, .15, .2, .3 (CIFAR-10-C).
/// </summary>
internal sealed class BrightnessCorruption : Corruption
{
    static readonly double[] Shift = { 0.05, 0.1, 0.15, 0.2, 0.3 };
    public override string Name => "brightness";
    public override CorruptionCategory Category => CorruptionCategory.Digital;
    public override string Summary => "brightness increase of the HSV value channel";
    public override string Describe(int severity) => $"value_shift={Pick(Shift, severity)}";

    public override Tensor Apply(Tensor x, int severity, Generator g)
    {
        double c = Pick(Shift, severity);
        if (x.shape[1] == 1) return x + c;
        using var scope = NewDisposeScope();
        var v = x.amax(new long[] { 1 }, keepdim: true);
        var shifted = (v + c).clamp(0, 1);
        var scaled = x * shifted / v.clamp_min(1e-12);
        return where(v.gt(0), scaled, shifted.expand_as(x)).MoveToOuterDisposeScope();
    }
}
