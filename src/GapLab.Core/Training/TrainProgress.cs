namespace GapLab.Training;

/// <summary>
/// A progress event. Phase Train: sent after every batch (1-based <paramref name="Batch"/>, <paramref name="Loss"/>
/// = that batch's objective). Phase Eval: sent once per epoch before the evaluation passes (<paramref name="Loss"/>
/// = the epoch's mean batch loss). <paramref name="Eta"/> estimates the remaining training time of the run.
/// </summary>
public sealed record TrainProgress(
    int Epoch,
    int Epochs,
    int Batch,
    int BatchesPerEpoch,
    double Loss,
    double ImagesPerSecond,
    TimeSpan Eta,
    TrainPhase Phase);
