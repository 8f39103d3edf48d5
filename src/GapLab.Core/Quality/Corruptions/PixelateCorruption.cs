using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Quality;

/// <summary>
/// pixelate: box resampling down to floor(c H) x floor(c W) and back up. Hendrycks uses PIL's BOX filter both ways (<paramref name="pilBox"/>:
/// <see cref="ReferenceImageOps.PilBoxMatrix"/>, whose up-sampling is nearest-like); otherwise exact area-weighted resampling, which blends the
/// pixels on block boundaries. c = <paramref name="factors"/>: .9, .8, .7, .6, .5 (Tiny-ImageNet-C's, <see cref="MonotoneFactors"/>) or CIFAR-10-C's
/// .95, .9, .85, .75, .65 (<see cref="Cifar10CFactors"/>). CIFAR's factors differ by sub-pixel block sizes on 28-32 px images, and which of two
/// neighbouring severities damages more then depends on pixel-grid alignment (measured non-monotone SSIM on 28x28).
/// </summary>
internal sealed class PixelateCorruption(double[] factors, bool pilBox = false) : Corruption
{
    internal static readonly double[] MonotoneFactors = { 0.9, 0.8, 0.7, 0.6, 0.5 };
    internal static readonly double[] Cifar10CFactors = { 0.95, 0.9, 0.85, 0.75, 0.65 };
    readonly double[] Factor = factors;
    public override string Name => "pixelate";
    public override CorruptionCategory Category => CorruptionCategory.Digital;
    public override string Summary => "resolution loss by box down- and up-sampling";
    public override string Describe(int severity) => $"factor={Pick(Factor, severity)}, {(pilBox ? "PIL BOX" : "area-weighted")} resampling";

    public override Tensor Apply(Tensor x, int severity, Generator g)
    {
        using var scope = NewDisposeScope();
        double c = Pick(Factor, severity);
        long h = x.shape[2], w = x.shape[3];
        long sh = Math.Max(1, (long)(h * c)), sw = Math.Max(1, (long)(w * c));
        Func<long, long, Tensor, Tensor> box = pilBox ? ReferenceImageOps.PilBoxMatrix : BoxMatrix;
        var down = matmul(matmul(box(sh, h, x), x), box(sw, w, x).t());
        var up = matmul(matmul(box(h, sh, x), down), box(w, sw, x).t());
        return up.MoveToOuterDisposeScope();
    }

    /// <summary>[outSize, inSize] weights: output i averages the input interval [i r, (i+1) r), r = inSize/outSize, weighted by overlap length.</summary>
    static Tensor BoxMatrix(long outSize, long inSize, Tensor like)
    {
        var m = new float[outSize * inSize];
        double r = (double)inSize / outSize;
        for (long i = 0; i < outSize; i++)
        {
            double lo = i * r, hi = (i + 1) * r;
            for (long j = (long)Math.Floor(lo); j < Math.Min(inSize, (long)Math.Ceiling(hi)); j++)
                m[i * inSize + j] = (float)((Math.Min(hi, j + 1) - Math.Max(lo, j)) / r);
        }
        return tensor(m, new[] { outSize, inSize }, device: like.device).to(like.dtype);
    }
}
