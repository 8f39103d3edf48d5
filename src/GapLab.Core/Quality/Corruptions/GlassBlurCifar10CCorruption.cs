using GapLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Quality;

/// <summary>
/// glass_blur as make_cifar_c.py renders it: x8 = uint8(gaussian(x, sigma)) (truncating cast), then `iterations` passes over rows h = H-d .. d+1 and
/// columns w = W-d .. d+1 (both descending) "swapping" pixel (h, w) with (h + dy, w + dx), dx and dy drawn from numpy's randint(-d, d), i.e.
/// {-d .. d-1} = {-1, 0} for d = 1; finally gaussian(x8 / 255, sigma). The reference's swap goes through numpy views, so it copies: (h, w)
/// takes the neighbour's pixel and the neighbour keeps its own (<see cref="ImageOps.SwapWithNeighbours"/>, neighbourKept); GapLab does the same.
/// (sigma, max_delta, iterations) = (0.05,1,1), (0.25,1,1), (0.4,1,1), (0.25,1,2), (0.4,1,2) at 32x32, sigma and delta scaled by min(H,W)/32 on other sizes. gaussian is scipy's filter (mode 'nearest', truncate 4,
/// <see cref="ReferenceImageOps.ScipyGaussian"/>); only the random draws differ from the reference (torch's generator, not numpy's).
/// </summary>
internal sealed class GlassBlurCifar10CCorruption : Corruption
{
    internal static readonly (double Sigma, int Delta, int Iterations)[] Params = { (0.05, 1, 1), (0.25, 1, 1), (0.4, 1, 1), (0.25, 1, 2), (0.4, 1, 2) };
    public override string Name => "glass_blur";
    public override CorruptionCategory Category => CorruptionCategory.Blur;
    public override string Summary => "frosted-glass blur: blur, 8-bit cast, each pixel replaced by a neighbour at offsets in {-d..d-1}, blur (make_cifar_c.py)";
    public override string Describe(int severity) { var p = Pick(Params, severity); return $"sigma={p.Sigma}px, max_delta={p.Delta}px, iterations={p.Iterations} at 32x32, offsets in [-{p.Delta},{p.Delta})"; }

    public override Tensor Apply(Tensor x, int severity, Generator g)
    {
        var (sigma, delta, iterations) = Pick(Params, severity);
        double s = ImageOps.SpatialScale(x);
        int d = Math.Max(1, (int)Math.Round(delta * s));
        var offsets = Enumerable.Range(0, iterations).Select(_ => SampleOffsets(d, x.shape[0], x.shape[2], x.shape[3], g)).ToArray();
        return Render(x, sigma * s, d, offsets);
    }

    /// <summary>The reference's steps for given draws: one [N,H,W,2] offset array (dx, dy) per iteration.</summary>
    internal static Tensor Render(Tensor x, double sigma, int maxDelta, IReadOnlyList<int[]> offsetsPerIteration)
    {
        using var scope = NewDisposeScope();
        var quantised = ReferenceImageOps.TruncateToUint8(ReferenceImageOps.ScipyGaussian(x, sigma, ReferenceImageOps.ScipyBoundary.Nearest)).cpu().to(ScalarType.Float32).contiguous();
        long n = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
        var pixels = quantised.data<float>().ToArray();
        foreach (var offsets in offsetsPerIteration)
            ImageOps.SwapWithNeighbours(pixels, n, c, h, w, offsets, endMargin: maxDelta - 1, startMargin: maxDelta + 1, neighbourKept: true);
        var shuffled = tensor(pixels, x.shape).to(x.dtype).to(x.device);
        return ReferenceImageOps.ScipyGaussian(shuffled, sigma, ReferenceImageOps.ScipyBoundary.Nearest).MoveToOuterDisposeScope();
    }

    /// <summary>One (dx, dy) pair per pixel, [N,H,W,2] flattened, each uniform on numpy's randint(-d, d) = {-d .. d-1}.</summary>
    internal static int[] SampleOffsets(int maxDelta, long n, long h, long w, Generator g)
    {
        using var draws = SeededRandom.RandInt(-maxDelta, maxDelta, new[] { n, h, w, 2 }, ScalarType.Int32, CPU, g);
        return draws.data<int>().ToArray();
    }
}
