namespace GapLab.Metrics.Complexity;

/// <summary>When a <see cref="MeasureFamily"/> runs within <see cref="ComplexityMeasures.Compute"/>.</summary>
public enum MeasurePhase
{
    /// <summary>On the model as trained (batch norms unfolded), before anything else.</summary>
    AsTrained,
    /// <summary>After the margin and the folded layer norms are computed and, when a family needs it, the model is folded in place.</summary>
    Folded,
}
