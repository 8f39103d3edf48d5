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
    /// Up to <paramref name="maxPairs"/> pairs the dissimilarity is exact over all n(n-1)/2 pairs and its 95% interval is a percentile
    /// bootstrap over the images (pairs of a resampled image with itself left out); above, it is estimated from that many random pairs
    /// with a bootstrap interval over the pairs (<see cref="MeanPairwiseDissimilarity"/>).
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
            // the kernel holds every pair: the exact mean; its interval resamples the images (the set as a sample of its source)
            var overImages = GapLab.Metrics.Correlation.BootstrapInterval.OverUnits(n, rows => MeanDissimilarity(kernel, rows), resamples, seed);
            return new SetDiversityResult(label, n, toOriginals, overImages.Estimate, overImages.Low, overImages.High, true, total, vendi);
        }
        var pairwise = MeanPairwiseDissimilarity.Compute(images, null, maxPairs, resamples, seed);
        var (low, high) = pairwise.Interval is { } ci ? (ci.Low, ci.High) : (pairwise.Mean, pairwise.Mean);
        return new SetDiversityResult(label, n, toOriginals, pairwise.Mean, low, high, pairwise.Exhaustive, pairwise.PairsUsed, vendi);
    }

    /// <summary>Mean 1 - K[a, b] over the pairs of <paramref name="rows"/> that are two different images (NaN when there is none).</summary>
    static double MeanDissimilarity(double[,] kernel, int[] rows)
    {
        double sum = 0;
        long pairs = 0;
        for (int i = 0; i < rows.Length; i++)
            for (int j = i + 1; j < rows.Length; j++)
                if (rows[i] != rows[j]) { sum += 1 - kernel[rows[i], rows[j]]; pairs++; }
        return pairs == 0 ? double.NaN : sum / pairs;
    }
}
