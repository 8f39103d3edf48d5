using GapLab.Training;

namespace GapLab.Metrics;

/// <summary>
/// Generalization gap: AccuracyGap = train_acc - test_acc, ErrorGap = test_err - train_err (numerically equal),
/// LossGap = test_loss - train_loss; signed (positive = overfitting) and absolute. Source: PGDL / Jiang et al. 2020 (spec metrics.md 3).
/// </summary>
public sealed record GeneralizationGap(double TrainAccuracy, double TestAccuracy, double TrainLoss, double TestLoss)
{
    public double AccuracyGap => TrainAccuracy - TestAccuracy;
    public double ErrorGap => (1 - TestAccuracy) - (1 - TrainAccuracy);
    public double LossGap => TestLoss - TrainLoss;
    public double AbsoluteAccuracyGap => Math.Abs(AccuracyGap);
    public double AbsoluteErrorGap => Math.Abs(ErrorGap);
    public double AbsoluteLossGap => Math.Abs(LossGap);

    /// <summary>The gap of the final evaluated epoch of <paramref name="result"/>.</summary>
    public static GeneralizationGap Final(TrainResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var f = result.Final ?? throw new InvalidOperationException(
            $"The training run ({result.Status}: {result.Message}) finished no evaluated epoch, so it has no generalization gap.");
        return new GeneralizationGap(f.TrainAccuracy, f.TestAccuracy, f.TrainLoss, f.TestLoss);
    }

    /// <summary>The gap curve, one point per epoch (NaN for epochs that were not evaluated).</summary>
    public static IReadOnlyList<EpochGap> FromEpochs(IEnumerable<EpochRecord> epochs)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        return epochs.Select(e => new EpochGap(e.Epoch, e.Steps,
            new GeneralizationGap(e.TrainAccuracy, e.TestAccuracy, e.TrainLoss, e.TestLoss))).ToList();
    }
}

/// <summary>The generalization gap after epoch <paramref name="Epoch"/> (cumulative <paramref name="Steps"/>).</summary>
public sealed record EpochGap(int Epoch, long Steps, GeneralizationGap Gap);
