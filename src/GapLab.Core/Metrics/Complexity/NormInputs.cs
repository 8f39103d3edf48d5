namespace GapLab.Metrics.Complexity;

/// <summary>
/// What the weight-norm measures are computed from: squared per-layer norms, margin gamma (null: not computed) and weight count
/// omega, with the sums the formulas share; d = number of layers. Source: Dziugaite et al. 2020 measures.py; spec metrics.md 2.2, 2.4.
/// </summary>
public sealed class NormInputs
{
    /// <summary>Inputs from <paramref name="layers"/> (at least one), margin <paramref name="gamma"/> and weight count <paramref name="omega"/>.</summary>
    public NormInputs(IReadOnlyList<LayerNorms> layers, double? gamma, long omega)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0) throw new ArgumentException("The norm measures need at least one weight layer.", nameof(layers));
        Layers = layers;
        Gamma = gamma;
        Omega = omega;
        HasInit = layers.All(l => l.DistFro is not null);
    }

    /// <summary>Squared norms of each layer.</summary>
    public IReadOnlyList<LayerNorms> Layers { get; }

    /// <summary>The margin (null: not computed; measures that use it are NaN).</summary>
    public double? Gamma { get; }

    /// <summary>Number of weight entries of the folded network.</summary>
    public long Omega { get; }

    /// <summary>Every layer carries its distance from init.</summary>
    public bool HasInit { get; }

    /// <summary>Number of layers d.</summary>
    public double D => Layers.Count;

    /// <summary>2 ln gamma (NaN without a margin).</summary>
    public double LogGamma2 => Gamma is { } g ? 2 * Math.Log(g) : double.NaN;
}
