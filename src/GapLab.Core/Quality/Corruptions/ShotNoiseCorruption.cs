using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Quality;

/// <summary>shot_noise: Poisson(x * lambda) / lambda, lambda = 500, 250, 100, 75, 50 photons (CIFAR-10-C).</summary>
internal sealed class ShotNoiseCorruption : Corruption
{
    static readonly double[] Lambda = { 500, 250, 100, 75, 50 };
    public override string Name => "shot_noise";
    public override CorruptionCategory Category => CorruptionCategory.Noise;
    public override string Summary => "Poisson (photon) noise";
    public override string Describe(int severity) => $"lambda={Pick(Lambda, severity)}";

    public override Tensor Apply(Tensor x, int severity, Generator g)
    {
        double lambda = Pick(Lambda, severity);
        // drawn on the CPU from the CPU generator (see SeededRandom), so the noise is the same on every device
        using var rate = (x * lambda).to(ScalarType.Float64, CPU);
        using var counts = poisson(rate, g);
        return Render(x, severity, counts);
    }

    /// <summary>counts / lambda with the Poisson(x lambda) draws <paramref name="counts"/> given (shape of x); replays make_cifar_c.py's draws in tests.</summary>
    internal static Tensor Render(Tensor x, int severity, Tensor counts) => (counts / Pick(Lambda, severity)).to(x.dtype, x.device);
}
