namespace GapLab.Metrics.Complexity;

/// <summary>Progress of ComplexityMeasures.Compute: which stage runs and how many of the stages are done.</summary>
public sealed record MeasureProgress(string Stage, int Done, int Total);
