namespace GapLab.Metrics.Complexity;

/// <summary>
/// The weight-norm measures (W and W+F cost) from squared per-layer norms, margin gamma and weight count omega, before the
/// size adjustment; d = number of layers. Source: Dziugaite et al. 2020 measures.py; spec metrics.md 2.2 and 2.4.
/// </summary>
public static class NormMeasures
{
    /// <summary>
    /// Raw values by measure name. Measures needing the margin are NaN when <paramref name="gamma"/> is null, and those needing
    /// initial weights are NaN when the layers carry no distances.
    /// </summary>
    public static IReadOnlyDictionary<string, double> Compute(IReadOnlyList<LayerNorms> layers, double? gamma, long omega)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0) throw new ArgumentException("The norm measures need at least one weight layer.", nameof(layers));
        double d = layers.Count;
        double logGamma2 = gamma is { } g ? 2 * Math.Log(g) : double.NaN;
        bool hasInit = layers.All(l => l.DistFro is not null);
        double sumLnFro = layers.Sum(l => Math.Log(l.Fro));
        double sumFro = layers.Sum(l => l.Fro);
        double sumDistFro = hasInit ? layers.Sum(l => l.DistFro!.Value) : double.NaN;
        var r = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["PARAMS"] = omega,
            ["INVERSE_MARGIN"] = gamma is { } g2 ? 1 / (g2 * g2) : double.NaN,
            ["LOG_PROD_OF_FRO_OVER_MARGIN"] = sumLnFro - logGamma2,
            ["LOG_PROD_OF_FRO"] = sumLnFro,
            ["LOG_SUM_OF_FRO_OVER_MARGIN"] = Math.Log(d) + (sumLnFro - logGamma2) / d,
            ["LOG_SUM_OF_FRO"] = Math.Log(d) + sumLnFro / d,
            ["FRO_DIST"] = sumDistFro,
            ["PARAM_NORM"] = sumFro,
            ["L2"] = Math.Sqrt(sumFro),
            ["L2_DIST"] = Math.Sqrt(sumDistFro),
        };
        AddSpectral(r, "", layers.Select(l => l.Spec).ToArray(), layers.Select(l => l.DistSpec ?? double.NaN).ToArray());
        AddSpectral(r, "_FFT", layers.Select(l => l.SpecFft).ToArray(), layers.Select(l => l.DistSpecFft ?? double.NaN).ToArray());
        return r;

        void AddSpectral(Dictionary<string, double> into, string suffix, double[] spec, double[] distSpec)
        {
            double sumLnSpec = spec.Sum(Math.Log);
            double prodOverMargin = sumLnSpec - logGamma2;
            into["LOG_PROD_OF_SPEC" + suffix] = sumLnSpec;
            into["LOG_PROD_OF_SPEC_OVER_MARGIN" + suffix] = prodOverMargin;
            into["LOG_SPEC_INIT_MAIN" + suffix] = hasInit ? prodOverMargin + Math.Log(layers.Select((l, i) => l.DistFro!.Value / spec[i]).Sum()) : double.NaN;
            into["LOG_SPEC_ORIG_MAIN" + suffix] = prodOverMargin + Math.Log(layers.Select((l, i) => l.Fro / spec[i]).Sum());
            into["FRO_OVER_SPEC" + suffix] = layers.Select((l, i) => l.Fro / spec[i]).Sum();
            into["LOG_SUM_OF_SPEC_OVER_MARGIN" + suffix] = Math.Log(d) + prodOverMargin / d;
            into["LOG_SUM_OF_SPEC" + suffix] = Math.Log(d) + sumLnSpec / d;
            into[(suffix == "" ? "DIST_SPEC_INIT" : "DIST_SPEC_INIT_FFT")] = hasInit ? distSpec.Sum() : double.NaN;
        }
    }
}
