namespace GapLab.Metrics.Similarity;

/// <summary>
/// SSIM settings. <see cref="Default"/> = scikit-image structural_similarity defaults (uniform 7x7 window, sample
/// covariance N/(N-1), K1 0.01, K2 0.03, data range 1); <see cref="Gaussian"/> = Wang et al. (2004): Gaussian 11x11, sigma 1.5, population covariance.
/// </summary>
public sealed record SsimOptions(int WindowSize = 7, bool GaussianWeights = false, double Sigma = 1.5, bool UseSampleCovariance = true,
    double K1 = 0.01, double K2 = 0.03, double DataRange = 1.0)
{
    /// <summary>scikit-image's default (uniform 7x7, sample covariance).</summary>
    public static SsimOptions Default { get; } = new();

    /// <summary>Gaussian 11x11 window with sigma 1.5 and no sample-covariance correction (skimage with gaussian_weights=True, sigma=1.5, use_sample_covariance=False).</summary>
    public static SsimOptions Gaussian { get; } = new(WindowSize: 11, GaussianWeights: true, Sigma: 1.5, UseSampleCovariance: false);

    internal void Validate()
    {
        if (WindowSize < 3 || WindowSize % 2 == 0)
            throw new ArgumentException($"WindowSize = {WindowSize} is invalid: accepted an odd integer >= 3 (7 default, 11 Gaussian).", nameof(WindowSize));
        if (GaussianWeights && !(Sigma > 0)) throw new ArgumentException($"Sigma = {Sigma} is invalid: accepted a positive standard deviation, e.g. 1.5.", nameof(Sigma));
        if (!(K1 > 0) || !(K2 > 0)) throw new ArgumentException($"K1 = {K1}, K2 = {K2} are invalid: accepted positive constants (0.01, 0.03).", nameof(K1));
        if (!(DataRange > 0)) throw new ArgumentException($"DataRange = {DataRange} is invalid: accepted the positive span of pixel values (1 for [0,1] images).", nameof(DataRange));
    }
}
