namespace GapLab.Training;

/// <summary>
/// Metrics after one epoch (1-based <paramref name="Epoch"/>, cumulative optimizer <paramref name="Steps"/>).
/// Train/test/validation loss and accuracy are plain cross-entropy and top-1 accuracy measured in eval mode over the
/// whole set after the epoch (NaN when <see cref="TrainOptions.EvaluateEveryEpoch"/> is off and this is not the last
/// epoch). <paramref name="TrainBatchLossMean"/> is the running mean of this epoch's training-objective batch losses.
/// </summary>
public sealed record EpochRecord(
    int Epoch,
    long Steps,
    double TrainLoss,
    double TrainAccuracy,
    double TestLoss,
    double TestAccuracy,
    double? ValLoss,
    double? ValAccuracy,
    double LearningRate,
    double WallSeconds,
    double TrainBatchLossMean);
