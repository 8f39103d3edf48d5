namespace GapLab.Quality;

/// <summary>Everything one quality evaluation measured: the nine dimension results plus the detailed metric records behind them.</summary>
public sealed record QualityReport(
    string ModelName,
    int SampleCount,
    IReadOnlyList<QualityDimensionResult> Dimensions,
    CalibrationMetrics Calibration,
    TemperatureScalingResult TemperatureScaling,
    ReliabilityDiagramData Reliability,
    AdversarialRobustnessResult Adversarial,
    CorruptionAccuracyTable Corruptions,
    CorruptionDropThresholdResult DropThresholds,
    ClassBalanceResult ClassBalance,
    ParameterCountResult Parameters,
    QualityOptions Options)
{
    /// <summary>The measured dimensions as QUBA inputs (unavailable ones are absent).</summary>
    public IReadOnlyDictionary<QualityDimension, double> MeasuredValues =>
        Dimensions.Where(d => d.Value.HasValue).ToDictionary(d => d.Dimension, d => d.Value!.Value);

    public QualityDimensionResult this[QualityDimension d] => Dimensions.Single(r => r.Dimension == d);
}
