namespace GapLab.Store;

/// <summary>One epoch of one run: a row of the store's epochs table and of the exported epochs.csv.</summary>
public sealed record EpochRow(string RunId, string Model, int Seed, int Epoch, long Steps, double TrainLoss, double TrainAcc,
        double TestLoss, double TestAcc, double AccGap, double LossGap, double? ValLoss, double? ValAcc, double LearningRate, double WallSeconds);
