namespace GapLab.Quality;

/// <summary>
/// Everything one quality evaluation measured: the nine dimension results plus the detailed metric records behind them.
/// A record is null when its stage did not run (the evaluation was cancelled before it finished, see <see cref="Cancelled"/>) or does not apply.
/// </summary>
public sealed record QualityReport(
    string ModelName,
    int SampleCount,
    IReadOnlyList<QualityDimensionResult> Dimensions,
    CalibrationMetrics? Calibration,
    TemperatureScalingResult? TemperatureScaling,
    ReliabilityDiagramData? Reliability,
    AdversarialRobustnessResult? Adversarial,
    CorruptionAccuracyTable? Corruptions,
    CorruptionDropThresholdResult? DropThresholds,
    ClassBalanceResult? ClassBalance,
    ParameterCountResult Parameters,
    QualityOptions Options)
{
    /// <summary>Accuracy per corruption file and severity (CIFAR-10-C layout), when corruption files were given.</summary>
    public CorruptionAccuracyTable? CorruptionFiles { get; init; }
    public CorruptionDropThresholdResult? CorruptionFileDropThresholds { get; init; }
    /// <summary>Accuracy on each named shifted test set, when OOD sets were given.</summary>
    public OodRobustnessResult? Ood { get; init; }
    /// <summary>True when the evaluation was cancelled: finished dimensions are measured, the rest are "not available: cancelled ...".</summary>
    public bool Cancelled { get; init; }
    /// <summary>The stage that was running when the evaluation was cancelled (null when it completed).</summary>
    public string? CancelledDuring { get; init; }

    /// <summary>The measured dimensions as QUBA inputs (unavailable ones are absent).</summary>
    public IReadOnlyDictionary<QualityDimension, double> MeasuredValues =>
        Dimensions.Where(d => d.Value.HasValue).ToDictionary(d => d.Dimension, d => d.Value!.Value);

    public QualityDimensionResult this[QualityDimension d] => Dimensions.Single(r => r.Dimension == d);
}
