namespace GapLab.Metrics.Complexity;

/// <summary>The stages of <see cref="ComplexityMeasures.Compute"/> that it reports through <see cref="MeasureProgress"/>, in order.</summary>
public enum MeasureStage
{
    /// <summary>Gradient noise over the training examples.</summary>
    GradientNoise,
    /// <summary>PGDL Jacobian norm.</summary>
    JacobianNorm,
    /// <summary>PGDL sharpness search.</summary>
    PgdlSharpness,
    /// <summary>Output margin.</summary>
    Margin,
    /// <summary>Weight, spectral and distance norms.</summary>
    WeightNorms,
    /// <summary>Path norm.</summary>
    PathNorm,
    /// <summary>PAC-Bayes sigma' search.</summary>
    PacBayesSigma,
    /// <summary>Magnitude-aware PAC-Bayes sigma' search.</summary>
    PacBayesMagnitudeAwareSigma,
    /// <summary>Worst-case sharpness alpha' search.</summary>
    WorstCaseSharpness,
    /// <summary>Magnitude-aware worst-case sharpness alpha' search.</summary>
    MagnitudeAwareWorstCaseSharpness,
    /// <summary>All stages finished.</summary>
    Done,
}

/// <summary>The one mapping of <see cref="MeasureStage"/> to the text users see in progress lines.</summary>
public static class MeasureStageText
{
    /// <summary>The printed name of <paramref name="stage"/>.</summary>
    public static string Text(this MeasureStage stage) => stage switch
    {
        MeasureStage.GradientNoise => "gradient noise",
        MeasureStage.JacobianNorm => "jacobian norm",
        MeasureStage.PgdlSharpness => "PGDL sharpness",
        MeasureStage.Margin => "margin",
        MeasureStage.WeightNorms => "weight norms",
        MeasureStage.PathNorm => "path norm",
        MeasureStage.PacBayesSigma => "PAC-Bayes sigma",
        MeasureStage.PacBayesMagnitudeAwareSigma => "PAC-Bayes magnitude-aware sigma",
        MeasureStage.WorstCaseSharpness => "worst-case sharpness",
        MeasureStage.MagnitudeAwareWorstCaseSharpness => "magnitude-aware worst-case sharpness",
        MeasureStage.Done => "done",
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, null),
    };
}
