namespace GapLab.Metrics.Complexity;

/// <summary>
/// A registered family of complexity measures: the measures one shared computation yields (one search, one pass, one set of
/// norms), with their catalogue entries and the code that computes them. <see cref="MeasureRegistry"/> finds every non-abstract
/// subclass in GapLab.Core, so adding a measure is one file under Metrics/Complexity/Measures (docs/architecture.md).
/// </summary>
public abstract class MeasureFamily
{
    /// <summary>The measures this family computes, with their catalogue entries (<see cref="MeasureInfo.Order"/> places them in reports).</summary>
    public abstract IReadOnlyList<MeasureInfo> Measures { get; }

    /// <summary>When the family runs: on the model as trained, or after the shared margin, layer norms and folding (the default).</summary>
    public virtual MeasurePhase Phase => MeasurePhase.Folded;

    /// <summary>The progress stage reported before <see cref="Compute"/> runs (null: the family is instant and reports none).</summary>
    public virtual MeasureStage? Stage => null;

    /// <summary>Needs the per-layer norms of the folded network and its initial weights (<see cref="MeasureContext.Layers"/>).</summary>
    public virtual bool NeedsLayerNorms => false;

    /// <summary>Needs the exact (FFT) spectral norms in <see cref="MeasureContext.Layers"/> (slow for convolutions).</summary>
    public virtual bool NeedsExactSpectralNorms => false;

    /// <summary>Needs the model itself with its batch norms folded into its weights (forward passes and perturbation searches).</summary>
    public virtual bool NeedsFoldedModel => false;

    /// <summary>Computes every measure of the family and reports each through <see cref="MeasureContext.Report"/>.</summary>
    public abstract void Compute(MeasureContext context);
}
