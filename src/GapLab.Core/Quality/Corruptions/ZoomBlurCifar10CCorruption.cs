using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Quality;

/// <summary>
/// zoom_blur as make_cifar_c.py renders it: (x + sum_z clipped_zoom(x, z)) / (count + 1) over the zooms of numpy's arange(1, stop, 0.01),
/// stop = 1.06, 1.11, 1.16, 1.21, 1.26. Floating-point rounding in arange's length gives 7, 12, 16, 21, 26 zooms (1.00 .. 1.06, 1.11, 1.15, 1.20, 1.25);
/// zoom 1 is the identity, so x counts twice. Values z_i = 1 + i (1.01 - 1) as numpy fills them; zoom of <see cref="ReferenceImageOps.ClippedZoom"/>.
/// </summary>
internal sealed class ZoomBlurCifar10CCorruption : Corruption
{
    static readonly double[] Stop = { 1.06, 1.11, 1.16, 1.21, 1.26 };
    public override string Name => "zoom_blur";
    public override CorruptionCategory Category => CorruptionCategory.Blur;
    public override string Summary => "radial blur from zooming during exposure (make_cifar_c.py clipped_zoom)";
    public override string Describe(int severity) { var z = Zooms(severity); return $"zooms=arange(1,{Pick(Stop, severity):F2},0.01): {z.Length} from 1.00 to {z[^1]:F2}"; }

    /// <summary>numpy.arange(1, stop, 0.01): length ceil((stop - 1) / 0.01), values 1 + i ((1 + 0.01) - 1).</summary>
    internal static double[] Zooms(int severity)
    {
        double stop = Pick(Stop, severity), step = (1 + 0.01) - 1;
        int count = (int)Math.Ceiling((stop - 1) / 0.01);
        return Enumerable.Range(0, count).Select(i => 1 + i * step).ToArray();
    }

    public override Tensor Apply(Tensor x, int severity, Generator g)
    {
        using var scope = NewDisposeScope();
        var zooms = Zooms(severity);
        var sum = x.clone();
        foreach (var z in zooms) sum += ReferenceImageOps.ClippedZoom(x, z);
        return (sum / (zooms.Length + 1)).MoveToOuterDisposeScope();
    }
}
