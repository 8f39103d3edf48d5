using GapLab.Metrics.Similarity;

namespace GapLab.Testbed;

/// <summary>
/// Settings of <see cref="SsimTargetDistorter"/>. Calibrated route: <see cref="Tolerance"/> on |mean SSIM - target|, the blur and
/// noise of <see cref="CalibratedCorruption"/>, and the bisection budget. Autoencoder route: training budget (epochs, batch,
/// Adam learning rate) and how often (optimizer steps) the mean SSIM of the reconstructions is checked.
/// </summary>
public sealed record DistortionOptions
{
    public double Tolerance { get; init; } = 0.005;
    public double BlurSigma { get; init; } = 1.5;
    public double NoiseScale { get; init; } = 0.3;
    public int MaxBisectionSteps { get; init; } = 40;
    public int AutoencoderEpochs { get; init; } = 20;
    public int AutoencoderBatchSize { get; init; } = 64;
    public double AutoencoderLearningRate { get; init; } = 1e-3;
    public int CheckEverySteps { get; init; } = 2;
    /// <summary>SSIM variant (default scikit-image's, as the spec suggests).</summary>
    public SsimOptions Ssim { get; init; } = SsimOptions.Default;
    /// <summary>Images per batch when SSIM or the autoencoder runs over the whole set.</summary>
    public int EvaluationBatchSize { get; init; } = 1000;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad field.</summary>
    public DistortionOptions Validate()
    {
        if (!(Tolerance > 0 && Tolerance < 1)) throw Bad(nameof(Tolerance), Tolerance, "(0, 1), e.g. 0.005");
        if (!(BlurSigma > 0) || double.IsInfinity(BlurSigma)) throw Bad(nameof(BlurSigma), BlurSigma, "a finite number > 0 (pixels)");
        if (!(NoiseScale >= 0) || double.IsInfinity(NoiseScale)) throw Bad(nameof(NoiseScale), NoiseScale, "a finite number >= 0");
        if (MaxBisectionSteps < 1) throw Bad(nameof(MaxBisectionSteps), MaxBisectionSteps, "an integer >= 1");
        if (AutoencoderEpochs < 1) throw Bad(nameof(AutoencoderEpochs), AutoencoderEpochs, "an integer >= 1");
        if (AutoencoderBatchSize < 1) throw Bad(nameof(AutoencoderBatchSize), AutoencoderBatchSize, "an integer >= 1");
        if (!(AutoencoderLearningRate > 0) || double.IsInfinity(AutoencoderLearningRate)) throw Bad(nameof(AutoencoderLearningRate), AutoencoderLearningRate, "a finite number > 0");
        if (CheckEverySteps < 1) throw Bad(nameof(CheckEverySteps), CheckEverySteps, "an integer >= 1 (optimizer steps)");
        if (EvaluationBatchSize < 1) throw Bad(nameof(EvaluationBatchSize), EvaluationBatchSize, "an integer >= 1");
        ArgumentNullException.ThrowIfNull(Ssim, nameof(Ssim));
        return this;
    }

    static ArgumentException Bad(string field, object value, string accepted) =>
        new(FormattableString.Invariant($"DistortionOptions.{field} = {value} is invalid: accepted {accepted}."), field);
}
