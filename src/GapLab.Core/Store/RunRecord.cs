using GapLab.IO;
namespace GapLab.Store;

/// <summary>
/// One finished (or diverged/cancelled) run of a suite: the row of <c>runs.csv</c>. Gaps follow the glossary:
/// acc_gap = train_acc - test_acc, loss_gap = test_loss - train_loss. Provenance columns make each row reproducible.
/// </summary>
public sealed record RunRecord
{
    public required string RunId { get; init; }
    public required string Model { get; init; }
    public required long Params { get; init; }
    public required int Seed { get; init; }
    public required int Epochs { get; init; }
    public required long Steps { get; init; }
    public required double TrainAcc { get; init; }
    public required double TestAcc { get; init; }
    public required double TrainLoss { get; init; }
    public required double TestLoss { get; init; }
    public required double AccGap { get; init; }
    public required double LossGap { get; init; }
    public required double TestAccCiLow { get; init; }
    public required double TestAccCiHigh { get; init; }
    public required string Status { get; init; }

    /// <summary><see cref="Status"/> as the trainer's outcome (null: a word this version does not know). A method, not a column.</summary>
    public GapLab.Training.TrainStatus? Outcome() => EnumText.FromWord<GapLab.Training.TrainStatus>(Status);

    public long? StepsToCe01 { get; init; }
    public long? StepsToCe001 { get; init; }
    public required double WallSeconds { get; init; }
    public required int TrainSize { get; init; }
    public required int TestSize { get; init; }
    public required string Optimizer { get; init; }
    public required double LearningRate { get; init; }
    public required double WeightDecay { get; init; }
    public required int BatchSize { get; init; }
    public required double LabelNoise { get; init; }
    public required string GridValues { get; init; }
    public string? WeightsFile { get; init; }
    public string? InitWeightsFile { get; init; }
    public string Message { get; init; } = "";
    // provenance
    public required string Suite { get; init; }
    public required string Dataset { get; init; }
    public required string DatasetFingerprint { get; init; }
    public required string Device { get; init; }
    public required int Threads { get; init; }
    public required string GaplabVersion { get; init; }
    public required string TorchsharpVersion { get; init; }
    public required string LibtorchVersion { get; init; }
    public required DateTime FinishedUtc { get; init; }
    /// <summary>What the start-up self-check of libtorch's CPU kernels did (e.g. <c>passed (onednn, 2 threads)</c>); empty in old stores.</summary>
    public string KernelCheck { get; init; } = "";
}
