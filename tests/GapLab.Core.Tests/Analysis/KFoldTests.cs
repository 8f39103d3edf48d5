using GapLab.Analysis;

namespace GapLab.Core.Tests.Analysis;

public class KFoldTests
{
    [Fact]
    public void Folds_partition_the_indices_with_sizes_differing_by_at_most_one()
    {
        var folds = KFold.KFoldIndices(10, 3, seed: 5);
        Assert.Equal([4, 3, 3], folds.Select(f => f.HeldOut.Length));
        Assert.Equal(Enumerable.Range(0, 10), folds.SelectMany(f => f.HeldOut).Order());
        foreach (var (train, heldOut) in folds)
        {
            Assert.Empty(train.Intersect(heldOut));
            Assert.Equal(Enumerable.Range(0, 10), train.Concat(heldOut).Order());
        }
        Assert.Equal(folds.Select(f => f.HeldOut), KFold.KFoldIndices(10, 3, 5).Select(f => f.HeldOut));
        Assert.NotEqual(folds.Select(f => f.HeldOut), KFold.KFoldIndices(10, 3, 6).Select(f => f.HeldOut));
    }

    [Fact]
    public void Impossible_splits_are_rejected()
    {
        Assert.Contains("k = 1", Assert.Throws<ArgumentException>(() => KFold.KFoldIndices(10, 1, 0)).Message);
        Assert.Contains("n = 3", Assert.Throws<ArgumentException>(() => KFold.KFoldIndices(3, 4, 0)).Message);
    }
}
