using GapLab.Weights;

namespace GapLab.Core.Tests.Weights;

public class TrainingSubsetTests
{
    [Fact]
    public void ReadsTheExplicitKeys_OrTheOlderDatasetSuffix_OrNothing()
    {
        var explicitKeys = new Dictionary<string, string> { ["gaplab.train_size"] = "1000", ["gaplab.train_seed"] = "3", ["gaplab.dataset"] = "x[stratified n=5,seed=5]" };
        Assert.Equal(new TrainingSubset(1000, 3), TrainingSubset.FromMetadata(explicitKeys));
        Assert.Equal(new TrainingSubset(2000, 1), TrainingSubset.FromMetadata(new Dictionary<string, string> { ["gaplab.dataset"] = "fashion-mnist-embedded[stratified n=2000,seed=1]" }));
        Assert.Null(TrainingSubset.FromMetadata(new Dictionary<string, string> { ["gaplab.dataset"] = "fashion-mnist-embedded" }));
        Assert.Equal(explicitKeys.Take(2).OrderBy(k => k.Key), new TrainingSubset(1000, 3).ToMetadata().OrderBy(k => k.Key));
    }
}
