using static GapLab.Metrics.Complexity.MeasureCatalog;

namespace GapLab.Metrics.Complexity.Measures;

/// <summary>
/// The Frobenius-norm measures from fro_i = ||W_i||_F^2: products, sums, margin-normalised forms, the parameter norm, L2 and the
/// distances from init. Source: Jiang et al. 2020 (Fantastic) eqs. 32-37; Dziugaite et al. 2020 measures.py; spec metrics.md 2.2.
/// </summary>
public sealed class FrobeniusMeasures : NormMeasureFamily
{
    /// <inheritdoc/>
    public override IReadOnlyList<MeasureInfo> Measures { get; } =
    [
        new("LOG_PROD_OF_FRO_OVER_MARGIN", WF, true, false, "sum_i ln fro_i - 2 ln gamma") { Order = 10, UsesMargin = true },
        new("LOG_PROD_OF_FRO", W, true, false, "sum_i ln fro_i") { Order = 11 },
        new("LOG_SUM_OF_FRO_OVER_MARGIN", WF, true, false, "ln d + (sum_i ln fro_i - 2 ln gamma) / d") { Order = 12, UsesMargin = true },
        new("LOG_SUM_OF_FRO", W, true, false, "ln d + (sum_i ln fro_i) / d") { Order = 13 },
        new("FRO_DIST", W, true, true, "sum_i dfro_i") { Order = 14 },
        new("PARAM_NORM", W, true, false, "sum_i fro_i") { Order = 16 },
        new("L2", W, true, false, "||w||_2") { Order = 25 },
        new("L2_DIST", W, true, true, "||w - w0||_2") { Order = 26 },
    ];

    /// <inheritdoc/>
    public override IEnumerable<KeyValuePair<string, double>> Formulas(NormInputs n)
    {
        double sumLnFro = n.Layers.Sum(l => Math.Log(l.Fro));
        double sumFro = n.Layers.Sum(l => l.Fro);
        double sumDistFro = n.HasInit ? n.Layers.Sum(l => l.DistFro!.Value) : double.NaN;
        return new Dictionary<string, double>
        {
            ["LOG_PROD_OF_FRO_OVER_MARGIN"] = sumLnFro - n.LogGamma2,
            ["LOG_PROD_OF_FRO"] = sumLnFro,
            ["LOG_SUM_OF_FRO_OVER_MARGIN"] = Math.Log(n.D) + (sumLnFro - n.LogGamma2) / n.D,
            ["LOG_SUM_OF_FRO"] = Math.Log(n.D) + sumLnFro / n.D,
            ["FRO_DIST"] = sumDistFro,
            ["PARAM_NORM"] = sumFro,
            ["L2"] = Math.Sqrt(sumFro),
            ["L2_DIST"] = Math.Sqrt(sumDistFro),
        };
    }
}
