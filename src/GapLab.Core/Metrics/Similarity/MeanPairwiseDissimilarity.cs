using GapLab.Metrics.Correlation;
using static TorchSharp.torch;

namespace GapLab.Metrics.Similarity;

/// <summary>
/// Mean 1 - SSIM over the pairs used: all n(n-1)/2 pairs (exhaustive, no interval) or m seeded uniform random pairs i != j drawn
/// with replacement (with a percentile-bootstrap interval over the sampled pairs).
/// </summary>
public sealed record PairwiseDissimilarityResult(double Mean, BootstrapEstimate? Interval, long PairsUsed, long TotalPairs, bool Exhaustive);

/// <summary>
/// Set diversity D = (2 / n(n-1)) Σ_{i&lt;j} (1 - SSIM(x_i, x_j)), or its unbiased Monte-Carlo estimate from m random pairs.
/// Source: mean pairwise dissimilarity index (Friedman &amp; Dieng 2023, §2 baseline); SSIM as in <see cref="Ssim"/>.
/// </summary>
public static class MeanPairwiseDissimilarity
{
    /// <summary>Diversity of images [N, C, H, W]; all pairs when there are at most <paramref name="maxPairs"/>, else that many sampled pairs.</summary>
    public static PairwiseDissimilarityResult Compute(Tensor images, SsimOptions? ssim = null, int maxPairs = 20_000,
        int resamples = 1000, int seed = 0, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4 || images.shape[0] < 2)
            throw new ArgumentException($"images have shape [{string.Join(", ", images.shape)}]: accepted [N, C, H, W] with N >= 2.", nameof(images));
        if (maxPairs < 2) throw new ArgumentException($"maxPairs = {maxPairs} is invalid: accepted an integer >= 2.", nameof(maxPairs));
        int n = (int)images.shape[0];
        long total = (long)n * (n - 1) / 2;
        if (total <= maxPairs)
        {
            var (i, j) = Ssim.AllPairs(n);
            var s = Ssim.OverPairs(images, i, j, ssim);
            return new PairwiseDissimilarityResult(s.Average(v => 1 - v), null, total, total, true);
        }
        var rng = new Random(seed);
        var first = new long[maxPairs];
        var second = new long[maxPairs];
        for (int p = 0; p < maxPairs; p++)
        {
            int a = rng.Next(n), b = rng.Next(n - 1);
            first[p] = a;
            second[p] = b >= a ? b + 1 : b;
        }
        var d = Ssim.OverPairs(images, first, second, ssim).Select(v => 1 - v).ToArray();
        var interval = BootstrapInterval.OverUnits(d.Length, idx => idx.Average(k => d[k]), resamples, seed, confidence);
        return new PairwiseDissimilarityResult(interval.Estimate, interval, maxPairs, total, false);
    }
}
