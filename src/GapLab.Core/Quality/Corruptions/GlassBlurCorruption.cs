using GapLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Quality;

/// <summary>
/// glass_blur: Gaussian blur (sigma), then `iterations` passes of swapping each interior pixel with a random neighbour within max_delta, then blur again;
/// (sigma, max_delta, iterations) = (0.4,1,1), (0.25,1,1), (0.4,1,2), (0.25,1,2), (0.25,1,3) px at 32x32, sigma and delta scaled by min(H,W)/32.
/// Deviation: CIFAR-10-C uses (0.05,1,1), (0.25,1,1), (0.4,1,1), (0.25,1,2), (0.4,1,2), which is not monotone (blur after the shuffle hides it,
/// so more sigma raises SSIM); GapLab orders CIFAR's tuples by measured damage and adds a third shuffle pass at severity 5.
/// </summary>
internal sealed class GlassBlurCorruption : Corruption
{
    static readonly (double Sigma, double Delta, int Iterations)[] Params = { (0.4, 1, 1), (0.25, 1, 1), (0.4, 1, 2), (0.25, 1, 2), (0.25, 1, 3) };
    public override string Name => "glass_blur";
    public override CorruptionCategory Category => CorruptionCategory.Blur;
    public override string Summary => "frosted-glass blur: blur, local pixel shuffling, blur";
    public override string Describe(int severity) { var p = Pick(Params, severity); return $"sigma={p.Sigma}px, max_delta={p.Delta}px, iterations={p.Iterations} at 32x32"; }

    public override Tensor Apply(Tensor x, int severity, Generator g)
    {
        using var scope = NewDisposeScope();
        var (sigma, delta, iterations) = Pick(Params, severity);
        double s = ImageOps.SpatialScale(x);
        int d = Math.Max(1, (int)Math.Round(delta * s));
        var blurred = ImageOps.GaussianBlur(x, sigma * s).cpu().contiguous();
        long n = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
        var pixels = blurred.data<float>().ToArray();
        for (int it = 0; it < iterations; it++)
        {
            var offsets = SeededRandom.RandInt(-d, d + 1, new[] { n, h, w, 2 }, ScalarType.Int32, CPU, g).data<int>().ToArray();
            ImageOps.SwapWithNeighbours(pixels, n, c, h, w, offsets, endMargin: d, startMargin: d);
        }
        var shuffled = tensor(pixels, x.shape).to(x.dtype).to(x.device);
        return ImageOps.GaussianBlur(shuffled, sigma * s).MoveToOuterDisposeScope();
    }
}
