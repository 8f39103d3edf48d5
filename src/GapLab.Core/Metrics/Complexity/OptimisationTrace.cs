using GapLab.Training;

namespace GapLab.Metrics.Complexity;

/// <summary>
/// What training logged for the optimisation-based measures (spec metrics.md 2.6): steps to cross-entropy 0.1 and 0.01 and
/// the final gradient noise. Null entries were not reached or not measured.
/// </summary>
public sealed record OptimisationTrace(long? StepsToCe01, long? StepsToCe001, double? GradientNoiseFinal)
{
    /// <summary>The trace recorded by <see cref="Trainer.Train"/>.</summary>
    public static OptimisationTrace From(TrainResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new OptimisationTrace(result.StepsToCe01, result.StepsToCe001, result.GradientNoiseFinal);
    }
}
