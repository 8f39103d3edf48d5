using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Quality;

/// <summary>zoom_blur: mean of x and its centre zooms by 1.01 .. z_max in steps of 0.01; z_max = 1.05, 1.10, 1.15, 1.20, 1.25 (CIFAR-10-C).</summary>
internal sealed class ZoomBlurCorruption : Corruption
{
    static readonly double[] MaxZoom = { 1.05, 1.10, 1.15, 1.20, 1.25 };
    public override string Name => "zoom_blur";
    public override CorruptionCategory Category => CorruptionCategory.Blur;
    public override string Summary => "radial blur from zooming during exposure";
    public override string Describe(int severity) => $"zooms=1.01..{Pick(MaxZoom, severity):F2} step 0.01";

    public override Tensor Apply(Tensor x, int severity, Generator g)
    {
        using var scope = NewDisposeScope();
        int steps = (int)Math.Round((Pick(MaxZoom, severity) - 1) / 0.01);
        var sum = x.clone();
        for (int i = 1; i <= steps; i++) sum += ImageOps.Zoom(x, 1 + 0.01 * i);
        return (sum / (steps + 1)).MoveToOuterDisposeScope();
    }
}
