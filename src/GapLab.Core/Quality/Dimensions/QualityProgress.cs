namespace GapLab.Quality;

/// <summary>
/// A progress event of <see cref="QualityEvaluator.Evaluate"/>, sent after every batch: the stage ("logits", "calibration", "fgsm/pgd",
/// "corruption gaussian_noise s3", "corruption file frost s2", "ood shift:invert"), batches done in that stage, and batches done overall;
/// <see cref="Done"/> never decreases and reaches <see cref="Total"/> when the evaluation completes.
/// </summary>
public sealed record QualityProgress(string Stage, int StageDone, int StageTotal, long Done, long Total)
{
    public double Fraction => Total == 0 ? 1 : (double)Done / Total;
}
