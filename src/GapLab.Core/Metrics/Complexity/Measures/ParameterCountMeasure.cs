using static GapLab.Metrics.Complexity.MeasureCatalog;

namespace GapLab.Metrics.Complexity.Measures;

/// <summary>
/// PARAMS: omega, the number of weight entries of the folded network (biases and batch norms excluded).
/// Source: Jiang et al. 2020 (Fantastic) eq. 22; Dziugaite et al. 2020 measures.py.
/// </summary>
public sealed class ParameterCountMeasure : NormMeasureFamily
{
    /// <inheritdoc/>
    public override IReadOnlyList<MeasureInfo> Measures { get; } = [new("PARAMS", Trivial, true, false, "omega (number of weight entries)") { Order = 1 }];

    /// <inheritdoc/>
    public override IEnumerable<KeyValuePair<string, double>> Formulas(NormInputs n) => [new("PARAMS", n.Omega)];
}
