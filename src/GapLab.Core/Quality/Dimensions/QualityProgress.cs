namespace GapLab.Quality;

/// <summary>
/// A progress event of <see cref="QualityEvaluator.Evaluate"/>, sent after every batch: the stage and its detail (the corruption and
/// severity, the OOD set), batches done in that stage, and batches done overall; <see cref="Done"/> never decreases and reaches
/// <see cref="Total"/> when the evaluation completes.
/// </summary>
public sealed record QualityProgress(QualityStage Phase, string? Detail, int StageDone, int StageTotal, long Done, long Total)
{
    /// <summary>The stage as users read it: "logits", "calibration", "fgsm/pgd", "corruption gaussian_noise s3", "corruption file frost s2", "ood shift:invert".</summary>
    public string Stage => Phase.Text(Detail);

    public double Fraction => Total == 0 ? 1 : (double)Done / Total;
}
