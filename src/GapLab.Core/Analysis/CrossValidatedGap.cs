using GapLab.Data;
using GapLab.Training;
using static TorchSharp.torch;

namespace GapLab.Analysis;

/// <summary>One fold: a fresh model trained on the other folds, gap = train accuracy - held-out accuracy.</summary>
public sealed record FoldGap(int Fold, int TrainCount, int HeldOutCount, double TrainAccuracy, double HeldOutAccuracy, double Gap, TrainStatus Status);

/// <summary>k-fold cross-validated accuracy gap: mean and sample standard deviation (ddof = 1) over folds.</summary>
public sealed record CrossValidatedGapResult(double Mean, double Std, IReadOnlyList<FoldGap> Folds, int K, int Seed);

/// <summary>
/// k-fold cross-validated generalization gap: for each fold f, train a fresh model on the other k-1 folds and take
/// gap_f = train_acc_f - heldout_acc_f; report mean_f gap_f and std (ddof = 1). Source: Stone (1974); PGDL gap definition.
/// </summary>
public static class CrossValidatedGap
{
    /// <summary>
    /// Splits <paramref name="data"/> into <paramref name="k"/> shuffled folds (seed <paramref name="seed"/>). Before each
    /// fold torch is seeded with <c>options.Seed</c> and <paramref name="modelFactory"/> builds the model, so every fold
    /// starts from the same initialisation. Each model is disposed after its fold. A fold without a finished epoch
    /// (diverged) gets NaN accuracies, which makes the mean NaN; cancellation throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public static CrossValidatedGapResult Compute(
        Func<nn.Module<Tensor, Tensor>> modelFactory,
        Dataset data,
        int k,
        TrainOptions options,
        int seed = 0,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(modelFactory);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var folds = new List<FoldGap>(k);
        var splits = KFold.Split(data.Count, k, seed);
        for (int f = 0; f < splits.Count; f++)
        {
            var (trainIdx, heldOutIdx) = splits[f];
            var train = data.Subset(trainIdx, $"{data.Name}[fold {f + 1}/{k} train]");
            var heldOut = data.Subset(heldOutIdx, $"{data.Name}[fold {f + 1}/{k} held out]");
            GapLab.Runtime.TorchEnvironment.Seed(options.Seed);
            using var model = modelFactory();
            using var result = Trainer.Train(model, train, heldOut, options, null, ct);
            if (result.Status == TrainStatus.Cancelled) ct.ThrowIfCancellationRequested();
            double trainAcc = result.Final?.TrainAccuracy ?? double.NaN;
            double heldOutAcc = result.Final?.TestAccuracy ?? double.NaN;
            folds.Add(new FoldGap(f + 1, train.Count, heldOut.Count, trainAcc, heldOutAcc, trainAcc - heldOutAcc, result.Status));
        }
        double mean = folds.Average(g => g.Gap);
        double std = Math.Sqrt(folds.Sum(g => (g.Gap - mean) * (g.Gap - mean)) / (folds.Count - 1));
        return new CrossValidatedGapResult(mean, std, folds, k, seed);
    }
}
