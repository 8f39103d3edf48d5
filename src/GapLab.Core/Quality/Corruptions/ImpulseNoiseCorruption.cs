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
        var hit = SeededRandom.Rand(x.shape, x.dtype, x.device, g);
        var salt = SeededRandom.Rand(x.shape, x.dtype, x.device, g);
        return Render(x, severity, hit, salt).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The value becomes 1 (salt, <paramref name="saltDraw"/> &lt; 0.5) or 0 where <paramref name="hitDraw"/> &lt; amount, with the U(0,1) draws
    /// given (shape of x): skimage's random_noise 's&amp;p' (two Bernoulli draws per value). Replays make_cifar_c.py's draws in tests.
    /// </summary>
    internal static Tensor Render(Tensor x, int severity, Tensor hitDraw, Tensor saltDraw)
    {
        using var scope = NewDisposeScope();
        var hit = hitDraw.lt(Pick(Amount, severity));
        var salt = saltDraw.lt(0.5).to(x.dtype);
        return where(hit, salt, x).MoveToOuterDisposeScope();
    }
}
