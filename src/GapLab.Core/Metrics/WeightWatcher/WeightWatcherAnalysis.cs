using static TorchSharp.torch;

namespace GapLab.Metrics.WeightWatcher;

/// <summary>Per-layer WeightWatcher metrics (eigenvalues λ of the pooled WᵀW; logs are base 10; norms over all eigenvalues, fit above the floor).</summary>
public sealed record LayerSpectralMetrics(string Name, string Kind, long[] Shape, int N, int M, int EigenvalueCount,
    double Alpha, double Xmin, double D, double Sigma, int NumPlSpikes,
    double Norm, double LogNorm, double SpectralNorm, double LogSpectralNorm, double AlphaWeighted, double LogAlphaNorm, double StableRank);

/// <summary>A layer left out of the analysis and why.</summary>
public sealed record SkippedLayer(string Name, long[] Shape, string Reason);

/// <summary>Unweighted means of the per-layer columns over the analysed layers (WeightWatcher's model summary; AlphaWeighted = alpha-hat).</summary>
public sealed record WeightWatcherSummary(int Layers, double Alpha, double AlphaWeighted, double LogAlphaNorm, double LogNorm,
    double LogSpectralNorm, double StableRank, double D);

/// <summary>Per-layer results, skipped layers with reasons, and the model summary (NaN means when no layer was analysed).</summary>
public sealed record WeightWatcherReport(IReadOnlyList<LayerSpectralMetrics> Layers, IReadOnlyList<SkippedLayer> Skipped, WeightWatcherSummary Summary);

/// <summary>
/// norm = Σλ, spectral_norm = max λ, alpha_weighted = α·log10 λmax, log_alpha_norm = log10 Σλ^α, stable_rank = Σλ / λmax, α from <see cref="PowerLawFit"/>.
/// Source: Martin &amp; Mahoney (2021) Nat. Commun. 12:4122; WeightWatcher weightwatcher.py (spec 4.3).
/// </summary>
public static class WeightWatcherAnalysis
{
    /// <summary>Analyses each named weight; unsupported ranks, size limits and degenerate spectra are listed in <see cref="WeightWatcherReport.Skipped"/>.</summary>
    public static WeightWatcherReport Analyze(IEnumerable<(string Name, Tensor Weight)> weights, WeightWatcherOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var o = options ?? new WeightWatcherOptions();
        o.Validate();
        var layers = new List<LayerSpectralMetrics>();
        var skipped = new List<SkippedLayer>();
        foreach (var (name, weight) in weights)
        {
            if (weight is null) throw new ArgumentException($"weight \"{name}\" is null: accepted a tensor for every name.", nameof(weights));
            var shape = weight.shape;
            var reason = LayerSpectrum.Classify(shape, o).SkipReason;
            if (reason is not null) { skipped.Add(new SkippedLayer(name, shape, reason)); continue; }
            var spectrum = LayerSpectrum.Compute(weight, o);
            var metrics = Metrics(name, shape, spectrum, o);
            if (metrics is null)
                skipped.Add(new SkippedLayer(name, shape, $"degenerate spectrum: fewer than 2 distinct eigenvalues above {o.EigenvalueFloor}"));
            else layers.Add(metrics);
        }
        return new WeightWatcherReport(layers, skipped, Summarise(layers));
    }

    /// <summary>Analyses the parameters of a TorchSharp module whose names end in "weight".</summary>
    public static WeightWatcherReport Analyze(nn.Module module, WeightWatcherOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        return Analyze(module.named_parameters().Where(p => p.name.EndsWith("weight", StringComparison.Ordinal)).Select(p => (p.name, (Tensor)p.parameter)), options);
    }

    /// <summary>Metrics of one spectrum, or null when the power-law fit is impossible.</summary>
    public static LayerSpectralMetrics? Metrics(string name, long[] shape, LayerSpectrum spectrum, WeightWatcherOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spectrum);
        var o = options ?? new WeightWatcherOptions();
        var all = spectrum.Eigenvalues;
        var fitted = all.Where(l => l > o.EigenvalueFloor).ToArray();
        if (fitted.Length < 2) return null;
        var fit = PowerLawFit.Fit(fitted);
        if (fit is null) return null;
        double norm = all.Sum(), max = all.Max();
        double alphaNorm = all.Sum(l => Math.Pow(l, fit.Alpha));
        return new LayerSpectralMetrics(name, spectrum.Kind, shape, spectrum.N, spectrum.M, all.Length,
            fit.Alpha, fit.Xmin, fit.D, fit.Sigma, fit.NumPlSpikes,
            norm, Math.Log10(norm), max, Math.Log10(max), fit.Alpha * Math.Log10(max), Math.Log10(alphaNorm), norm / max);
    }

    static WeightWatcherSummary Summarise(IReadOnlyList<LayerSpectralMetrics> layers)
    {
        double Mean(Func<LayerSpectralMetrics, double> f) => layers.Count == 0 ? double.NaN : layers.Average(f);
        return new WeightWatcherSummary(layers.Count, Mean(l => l.Alpha), Mean(l => l.AlphaWeighted), Mean(l => l.LogAlphaNorm),
            Mean(l => l.LogNorm), Mean(l => l.LogSpectralNorm), Mean(l => l.StableRank), Mean(l => l.D));
    }
}
