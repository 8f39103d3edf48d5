using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Quality;

/// <summary>contrast: x' = (x - m) c + m, m = per-image per-channel spatial mean; c = .75, .5, .4, .3, .15 (CIFAR-10-C).</summary>
internal sealed class ContrastCorruption : Corruption
{
    static readonly double[] Factor = { 0.75, 0.5, 0.4, 0.3, 0.15 };
    public override string Name => "contrast";
    public override CorruptionCategory Category => CorruptionCategory.Digital;
    public override string Summary => "contrast reduction towards the channel mean";
    public override string Describe(int severity) => $"factor={Pick(Factor, severity)}";

    public override Tensor Apply(Tensor x, int severity, Generator g)
    {
        using var scope = NewDisposeScope();
        var mean = x.mean(new long[] { 2, 3 }, keepdim: true);
        return ((x - mean) * Pick(Factor, severity) + mean).MoveToOuterDisposeScope();
    }
}
