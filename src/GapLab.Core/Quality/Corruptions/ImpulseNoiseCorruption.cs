using GapLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Quality;

/// <summary>impulse_noise: salt-and-pepper on a fraction `amount` of values (per channel), half 0 and half 1; amount = .01, .02, .03, .05, .07 (CIFAR-10-C).</summary>
internal sealed class ImpulseNoiseCorruption : Corruption
{
    static readonly double[] Amount = { 0.01, 0.02, 0.03, 0.05, 0.07 };
    public override string Name => "impulse_noise";
    public override CorruptionCategory Category => CorruptionCategory.Noise;
    public override string Summary => "salt-and-pepper noise";
    public override string Describe(int severity) => $"amount={Pick(Amount, severity)}";

    public override Tensor Apply(Tensor x, int severity, Generator g)
    {
        using var scope = NewDisposeScope();
        var hit = SeededRandom.Rand(x.shape, x.dtype, x.device, g).lt(Pick(Amount, severity));
        var salt = SeededRandom.Rand(x.shape, x.dtype, x.device, g).lt(0.5).to(x.dtype);
        return where(hit, salt, x).MoveToOuterDisposeScope();
    }
}
