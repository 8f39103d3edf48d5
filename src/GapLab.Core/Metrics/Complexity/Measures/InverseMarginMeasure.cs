using static GapLab.Metrics.Complexity.MeasureCatalog;

namespace GapLab.Metrics.Complexity.Measures;

/// <summary>
/// INVERSE_MARGIN: 1 / gamma^2, gamma the 10th-percentile output margin over the training set.
/// Source: Jiang et al. 2020 (Fantastic) eq. 23; Dziugaite et al. 2020 measures.py.
/// </summary>
public sealed class InverseMarginMeasure : NormMeasureFamily
{
    /// <inheritdoc/>
    public override IReadOnlyList<MeasureInfo> Measures { get; } = [new("INVERSE_MARGIN", F, true, false, "1 / gamma^2") { Order = 2, UsesMargin = true }];

    /// <inheritdoc/>
    public override IEnumerable<KeyValuePair<string, double>> Formulas(NormInputs n) => [new("INVERSE_MARGIN", n.Gamma is { } g ? 1 / (g * g) : double.NaN)];
}
