using static TorchSharp.torch;

namespace GapLab.Metrics.Complexity;

/// <summary>
/// PAC-Bayes sigma': binary search of sigma in [0, max] (start max/2) for which the mean accuracy over D draws of
/// w + u, u ~ N(0, sigma^2) (magnitude-aware: variance sigma^2 w_j^2 + eps^2), is |0.1 +- 0.01| below the unperturbed accuracy.
/// Source: Dziugaite et al. 2020 measures.py (depth 15, 10 draws); spec metrics.md 2.5. A sigma at an end of [0, max] is flagged as a bound.
/// </summary>
public static class PacBayesSearch
{
    /// <summary>
    /// Runs the search on <paramref name="target"/> with noise from a CPU generator seeded with <paramref name="seed"/>
    /// (identical draws on every device). With <see cref="MeasureOptions.ReferenceQuirks"/> the magnitude-aware noise uses
    /// the variance as its standard deviation, as the reference code does.
    /// </summary>
    public static SearchResult Run(PerturbedModel target, bool magnitudeAware, MeasureOptions options, long seed, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        using var generator = new Generator((ulong)seed, CPU);
        try
        {
            return ScaleSearch.Linear(sigma =>
            {
                double accuracySum = 0;
                for (int draw = 0; draw < options.MonteCarloDraws; draw++)
                {
                    using var scope = NewDisposeScope();
                    var u = target.Originals.Select(w =>
                    {
                        var z = randn(w.shape, ScalarType.Float32, generator: generator).to(w.dtype, w.device);
                        return z * StandardDeviation(w, sigma, magnitudeAware, options);
                    }).ToArray();
                    target.Set(u);
                    accuracySum += target.Accuracy();
                }
                return Math.Abs(accuracySum / options.MonteCarloDraws - target.BaseAccuracy);
            }, options.SearchMax, options.SearchDepth, options.TargetDeviation, options.DeviationTolerance, ct: ct);
        }
        finally
        {
            target.Reset();
        }
    }

    static Tensor StandardDeviation(Tensor w, double sigma, bool magnitudeAware, MeasureOptions options)
    {
        if (!magnitudeAware) return tensor(sigma, w.dtype, w.device);
        var variance = w.square() * (sigma * sigma) + options.MagnitudeEpsilon * options.MagnitudeEpsilon;
        return options.ReferenceQuirks ? variance : variance.sqrt();
    }
}
