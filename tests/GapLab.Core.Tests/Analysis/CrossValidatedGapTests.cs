using GapLab.Analysis;
using GapLab.Core.Tests.Training;
using GapLab.Training;

namespace GapLab.Core.Tests.Analysis;

public class CrossValidatedGapTests
{
    public CrossValidatedGapTests() => GapLab.Runtime.TorchRuntime.EnsureLoaded();

    [Fact]
    public void Per_fold_gaps_mean_and_sample_std()
    {
        var data = TinyData.Blobs(30, seed: 31, separation: 1.5);
        int built = 0;
        var options = new TrainOptions { Device = "cpu", BatchSize = 8, Epochs = 3, LearningRate = 0.1, Seed = 2, GradientNoiseBatches = 0 };
        var r = CrossValidatedGap.Compute(() => { built++; return TinyData.Mlp(0); }, data, k: 3, options, seed: 9);

        Assert.Equal(3, built);
        Assert.Equal(3, r.Folds.Count);
        Assert.Equal([1, 2, 3], r.Folds.Select(f => f.Fold));
        Assert.All(r.Folds, f =>
        {
            Assert.Equal((20, 10), (f.TrainCount, f.HeldOutCount));
            Assert.Equal(f.TrainAccuracy - f.HeldOutAccuracy, f.Gap, 12);
            Assert.Equal(TrainStatus.Completed, f.Status);
            Assert.Equal(0, Math.Round(f.HeldOutAccuracy * 10) - f.HeldOutAccuracy * 10, 9); // k/10 for 10 held-out samples
        });
        var gaps = r.Folds.Select(f => f.Gap).ToArray();
        double mean = gaps.Average();
        Assert.Equal(mean, r.Mean, 12);
        Assert.Equal(Math.Sqrt(gaps.Sum(g => (g - mean) * (g - mean)) / 2), r.Std, 12);
        var again = CrossValidatedGap.Compute(() => TinyData.Mlp(0), data, 3, options, seed: 9);
        Assert.Equal(r.Folds, again.Folds);
    }
}
