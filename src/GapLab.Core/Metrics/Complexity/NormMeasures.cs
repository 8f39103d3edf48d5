namespace GapLab.Metrics.Complexity;

/// <summary>
/// The weight-norm measures (W and W+F cost) of every registered <see cref="NormMeasureFamily"/> from squared per-layer norms,
/// margin gamma and weight count omega, before the size adjustment. Source: Dziugaite et al. 2020 measures.py; spec metrics.md 2.2, 2.4.
/// </summary>
public static class NormMeasures
{
    /// <summary>
    /// Raw values by measure name. Measures needing the margin are NaN when <paramref name="gamma"/> is null, and those needing
    /// initial weights are NaN when the layers carry no distances.
    /// </summary>
    public static IReadOnlyDictionary<string, double> Compute(IReadOnlyList<LayerNorms> layers, double? gamma, long omega)
    {
        var inputs = new NormInputs(layers, gamma, omega);
        return MeasureRegistry.Families.OfType<NormMeasureFamily>().SelectMany(f => f.Formulas(inputs)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
    }
}
