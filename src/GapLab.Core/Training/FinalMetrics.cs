namespace GapLab.Training;

/// <summary>Train/test cross-entropy and top-1 accuracy of the last evaluated epoch of a run.</summary>
public sealed record FinalMetrics(double TrainLoss, double TrainAccuracy, double TestLoss, double TestAccuracy);
