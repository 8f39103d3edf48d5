using GapLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Quality;

/// <summary>gaussian_noise: x + N(0, sigma^2), sigma = 0.04, 0.06, 0.08, 0.09, 0.10 (CIFAR-10-C).</summary>
internal sealed class GaussianNoiseCorruption : Corruption
{
    static readonly double[] Sigma = { 0.04, 0.06, 0.08, 0.09, 0.10 };
    public override string Name => "gaussian_noise";
    public override CorruptionCategory Category => CorruptionCategory.Noise;
    public override string Summary => "additive Gaussian noise per pixel and channel";
    public override string Describe(int severity) => $"sigma={Pick(Sigma, severity)}";

    public override Tensor Apply(Tensor x, int severity, Generator g)
    {
        using var normal = SeededRandom.Randn(x.shape, x.dtype, x.device, g);
        return Render(x, severity, normal);
    }

    /// <summary>x + sigma z with the standard normal draws <paramref name="normal"/> given (shape of x); replays make_cifar_c.py's draws in tests.</summary>
    internal static Tensor Render(Tensor x, int severity, Tensor normal) => x + Pick(Sigma, severity) * normal.to(x.dtype);
}
