using static TorchSharp.torch;

namespace GapLab.Training;

/// <summary>
/// Outcome of <see cref="Trainer.Train"/>. <see cref="Epochs"/> holds every finished epoch (also when the run was
/// cancelled or diverged); <see cref="Final"/> is the last evaluated epoch's metrics (null if none finished).
/// Owns <see cref="InitialState"/>: detached CPU clones of the model's named parameters (not buffers) taken before the
/// first step, keyed like <c>named_parameters()</c>. Dispose the result to free them; copies made with <c>with</c> share them.
/// </summary>
public sealed record TrainResult(
    TrainStatus Status,
    IReadOnlyList<EpochRecord> Epochs,
    FinalMetrics? Final,
    long TotalSteps,
    double WallSeconds,
    long? StepsToCe01,
    long? StepsToCe001,
    int? BestEpoch,
    string Message,
    double? GradientNoiseFinal,
    string GradientNoiseNote,
    string CeMilestoneMethod,
    Dictionary<string, Tensor> InitialState) : IDisposable
{
    /// <summary>Steps from the CE 0.1 milestone to the CE 0.01 milestone (Jiang et al. 2020), null if either was not reached.</summary>
    public long? StepsCe01ToCe001 => StepsToCe01 is long a && StepsToCe001 is long b ? b - a : null;

    public void Dispose()
    {
        foreach (var t in InitialState.Values) t.Dispose();
        InitialState.Clear();
    }
}
