using static TorchSharp.torch;

namespace GapLab.Metrics.Similarity;

/// <summary>
/// How far a set of images is from its originals and how varied it is: mean SSIM to the originals (NaN without them), mean pairwise
/// 1 - SSIM with its bootstrap interval (<see cref="MeanPairwiseDissimilarity"/>) and the Vendi score of the SSIM kernel.
/// </summary>
public sealed record SetDiversityResult(string Label, int Items, double SsimToOriginals, double MeanDissimilarity, double DissimilarityLow,
    double DissimilarityHigh, bool Exhaustive, long PairsUsed, double Vendi);

/// <summary>
/// Set diversity of images [N, C, H, W]: D = mean_{i&lt;j} (1 - SSIM(x_i, x_j)) and Vendi = exp(-Σ λ ln λ) of the SSIM kernel / n,
/// plus mean SSIM(x_i, o_i) to the originals. Sources: Friedman &amp; Dieng (2023); SSIM as in <see cref="Ssim"/> (skimage defaults).
/// </summary>
public static class SetDiversity
{
    /// <summary>
    /// Measures <paramref name="images"/> (values in [0, 1]); <paramref name="originals"/>, when given, must have the same shape.
    /// Without sampled pairs (n(n-1)/2 &lt;= <paramref name="maxPairs"/>) the dissimilarity is exact and its interval is the value itself.
    /// </summary>
    public static SetDiversityResult Measure(Tensor images, Tensor? originals = null, string label = "set", int maxPairs = 20_000, int resamples = 1000, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (originals is not null && !originals.shape.SequenceEqual(images.shape))
            throw new ArgumentException($"originals have shape [{string.Join(", ", originals.shape)}] but the set has [{string.Join(", ", images.shape)}]: accepted the same shape (one original per image).");
        var kernel = Ssim.Matrix(images);
        int n = kernel.GetLength(0);
        long total = (long)n * (n - 1) / 2;
        double toOriginals = originals is null ? double.NaN : Ssim.Mean(images, originals);
        double vendi = VendiScore.FromSimilarity(kernel);
        if (total <= maxPairs)
        {
            // the kernel already holds every pair: the exact mean, no interval
            double sum = 0;
            for (int i = 0; i < n; i++)
                for (int j = i + 1; j < n; j++) sum += 1 - kernel[i, j];
            double mean = sum / total;
            return new SetDiversityResult(label, n, toOriginals, mean, mean, mean, true, total, vendi);
        }
        var pairwise = MeanPairwiseDissimilarity.Compute(images, null, maxPairs, resamples, seed);
        var (low, high) = pairwise.Interval is { } ci ? (ci.Low, ci.High) : (pairwise.Mean, pairwise.Mean);
        return new SetDiversityResult(label, n, toOriginals, pairwise.Mean, low, high, pairwise.Exhaustive, pairwise.PairsUsed, vendi);
    }
}
