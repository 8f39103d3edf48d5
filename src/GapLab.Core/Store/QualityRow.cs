namespace GapLab.Store;

/// <summary>
/// One quality dimension of one model (a row of <c>quality</c>), or its QUBA score (<see cref="Dimension"/> = <c>QUBA</c>):
/// value (null when the dimension cannot be measured here), direction, the z-score, weight and contribution to QUBA, and the
/// method or the reason it was not measured.
/// </summary>
public sealed record QualityRow(string? RunId, string Model, string WeightsFile, string Dataset, string DatasetFingerprint, int Samples,
    string Dimension, double? Value, bool? HigherIsBetter, double? ZScore, double? Weight, double? Contribution, string Method)
{
    /// <summary>The name of the row holding the QUBA score.</summary>
    public const string Quba = "QUBA";
}
