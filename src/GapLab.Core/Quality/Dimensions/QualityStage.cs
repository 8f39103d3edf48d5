namespace GapLab.Quality;

/// <summary>The stages of a quality evaluation in order; <see cref="QualityStageText"/> writes them as users read them.</summary>
public enum QualityStage
{
    /// <summary>Before the first batch.</summary>
    Start,
    /// <summary>Clean logits of the test set.</summary>
    Logits,
    /// <summary>Calibration from the clean logits.</summary>
    Calibration,
    /// <summary>FGSM and PGD adversarial examples.</summary>
    Adversarial,
    /// <summary>A built-in corruption at one severity.</summary>
    Corruption,
    /// <summary>A corruption read from files at one severity.</summary>
    CorruptionFile,
    /// <summary>An out-of-distribution set.</summary>
    OutOfDistribution,
}

/// <summary>The one mapping of <see cref="QualityStage"/> (and its detail, e.g. "gaussian_noise s3") to text.</summary>
public static class QualityStageText
{
    /// <summary>"logits", "calibration", "fgsm/pgd", "corruption gaussian_noise s3", "corruption file frost s2", "ood shift:invert".</summary>
    public static string Text(this QualityStage stage, string? detail = null)
    {
        string name = stage switch
        {
            QualityStage.Start => "start",
            QualityStage.Logits => "logits",
            QualityStage.Calibration => "calibration",
            QualityStage.Adversarial => "fgsm/pgd",
            QualityStage.Corruption => "corruption",
            QualityStage.CorruptionFile => "corruption file",
            QualityStage.OutOfDistribution => "ood",
            _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, null),
        };
        return string.IsNullOrEmpty(detail) ? name : name + " " + detail;
    }
}
