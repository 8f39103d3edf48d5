namespace GapLab.Metrics.Complexity;

/// <summary>Progress of ComplexityMeasures.Compute: which stage runs and how many of the stages are done.</summary>
public sealed record MeasureProgress(MeasureStage Phase, int Done, int Total)
{
    /// <summary>The stage as users see it (<see cref="MeasureStageText.Text"/>).</summary>
    public string Stage => Phase.Text();
}
