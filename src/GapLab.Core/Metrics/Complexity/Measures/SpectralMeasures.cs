using static GapLab.Metrics.Complexity.MeasureCatalog;

namespace GapLab.Metrics.Complexity.Measures;

/// <summary>
/// The spectral-norm measures from spec_i = sigma_max(W_i reshaped)^2: products, sums, the spectrally normalised bounds and the distance
/// from init. Source: Jiang et al. 2020 (Fantastic) eqs. 24-31; Dziugaite et al. 2020 measures.py; spec metrics.md 2.2.
/// </summary>
public class SpectralMeasures : NormMeasureFamily
{
    readonly string suffix;

    /// <summary>The measures on the reshaped-kernel spectral norms.</summary>
    public SpectralMeasures() : this(exact: false) { }

    /// <summary>The measures on reshaped-kernel (<paramref name="exact"/> false) or exact convolution spectral norms (the *_FFT names).</summary>
    protected SpectralMeasures(bool exact)
    {
        Exact = exact;
        suffix = exact ? "_FFT" : "";
        // the *_FFT formula is the plain measure's name "with exact conv spectral norms", except where exactFormula says otherwise
        MeasureInfo M(string name, string cost, bool init, string formula, int order, int exactOrder, bool margin = false, string? exactFormula = null) =>
            new(name + suffix, cost, true, init, exact ? exactFormula ?? name + " with exact conv spectral norms" : formula) { Order = exact ? exactOrder : order, UsesMargin = margin };
        Measures =
        [
            M("LOG_PROD_OF_SPEC", W, false, "sum_i ln spec_i", 3, 27),
            M("LOG_PROD_OF_SPEC_OVER_MARGIN", WF, false, "sum_i ln spec_i - 2 ln gamma", 4, 28, margin: true),
            M("LOG_SPEC_INIT_MAIN", WF, true, "sum_i ln spec_i - 2 ln gamma + ln(sum_i dfro_i / spec_i)", 5, 29, margin: true),
            M("LOG_SPEC_ORIG_MAIN", WF, false, "sum_i ln spec_i - 2 ln gamma + ln(sum_i fro_i / spec_i)", 6, 30, margin: true),
            M("FRO_OVER_SPEC", W, false, "sum_i fro_i / spec_i", 7, 31),
            M("LOG_SUM_OF_SPEC_OVER_MARGIN", WF, false, "ln d + (sum_i ln spec_i - 2 ln gamma) / d", 8, 32, margin: true),
            M("LOG_SUM_OF_SPEC", W, false, "ln d + (sum_i ln spec_i) / d", 9, 33),
            M("DIST_SPEC_INIT", W, true, "sum_i dspec_i", 15, 34, exactFormula: "sum_i exact spectral norm^2 of (W_i - W0_i)"),
        ];
    }

    /// <summary>True for the exact (FFT) variants.</summary>
    protected bool Exact { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<MeasureInfo> Measures { get; }

    /// <inheritdoc/>
    public override bool NeedsExactSpectralNorms => Exact;

    /// <inheritdoc/>
    public override IEnumerable<KeyValuePair<string, double>> Formulas(NormInputs n)
    {
        var layers = n.Layers;
        double[] spec = layers.Select(l => Exact ? l.SpecFft : l.Spec).ToArray();
        double[] distSpec = layers.Select(l => (Exact ? l.DistSpecFft : l.DistSpec) ?? double.NaN).ToArray();
        double sumLnSpec = spec.Sum(Math.Log);
        double prodOverMargin = sumLnSpec - n.LogGamma2;
        return new Dictionary<string, double>
        {
            ["LOG_PROD_OF_SPEC" + suffix] = sumLnSpec,
            ["LOG_PROD_OF_SPEC_OVER_MARGIN" + suffix] = prodOverMargin,
            ["LOG_SPEC_INIT_MAIN" + suffix] = n.HasInit ? prodOverMargin + Math.Log(layers.Select((l, i) => l.DistFro!.Value / spec[i]).Sum()) : double.NaN,
            ["LOG_SPEC_ORIG_MAIN" + suffix] = prodOverMargin + Math.Log(layers.Select((l, i) => l.Fro / spec[i]).Sum()),
            ["FRO_OVER_SPEC" + suffix] = layers.Select((l, i) => l.Fro / spec[i]).Sum(),
            ["LOG_SUM_OF_SPEC_OVER_MARGIN" + suffix] = Math.Log(n.D) + prodOverMargin / n.D,
            ["LOG_SUM_OF_SPEC" + suffix] = Math.Log(n.D) + sumLnSpec / n.D,
            ["DIST_SPEC_INIT" + suffix] = n.HasInit ? distSpec.Sum() : double.NaN,
        };
    }
}
