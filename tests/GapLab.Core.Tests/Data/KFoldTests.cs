using GapLab.Data;

namespace GapLab.Core.Tests.Data;

public class KFoldTests
{
    [Fact]
    public void Folds_partition_the_indices_with_sizes_differing_by_at_most_one()
    {
        var folds = KFold.Split(10, 3, seed: 5);
        Assert.Equal([4, 3, 3], folds.Select(f => f.Validation.Length));
        Assert.Equal(Enumerable.Range(0, 10), folds.SelectMany(f => f.Validation).Order());
        foreach (var (train, validation) in folds)
        {
            Assert.Empty(train.Intersect(validation));
            Assert.Equal(Enumerable.Range(0, 10), train.Concat(validation).Order());
            Assert.Equal(validation.Order(), validation);
        }
        Assert.Equal(folds.Select(f => f.Validation), KFold.Split(10, 3, 5).Select(f => f.Validation));
        Assert.NotEqual(folds.Select(f => f.Validation), KFold.Split(10, 3, 6).Select(f => f.Validation));
    }

    [Fact]
    public void Unshuffled_folds_are_contiguous_runs()
    {
        var folds = KFold.Split(7, 3, seed: 0, shuffle: false);
        Assert.Equal([[0, 1, 2], [3, 4], [5, 6]], folds.Select(f => f.Validation));
        Assert.Equal([3, 4, 5, 6], folds[0].Train);
    }

    [Fact]
    public void Stratified_folds_deal_each_class_round_robin()
    {
        // class 0: 5 samples, class 1: 3, class 2: 2
        int[] labels = [2, 0, 1, 0, 0, 2, 1, 0, 1, 0];
        var folds = KFold.Stratified(labels, 3, seed: 9);
        int[] PerClass(int[] idx) => Enumerable.Range(0, 3).Select(c => idx.Count(i => labels[i] == c)).ToArray();
        // dealing continues across classes: class 0 -> folds 0,1,2,0,1; class 1 -> 2,0,1; class 2 -> 2,0
        Assert.Equal([[2, 1, 1], [2, 1, 0], [1, 1, 1]], folds.Select(f => PerClass(f.Validation)));
        Assert.Equal(Enumerable.Range(0, 10), folds.SelectMany(f => f.Validation).Order());
        foreach (var (train, validation) in folds)
            Assert.Equal(Enumerable.Range(0, 10), train.Concat(validation).Order());
        Assert.Equal(folds.Select(f => f.Validation), KFold.Stratified(labels, 3, 9).Select(f => f.Validation));
    }

    [Fact]
    public void Impossible_splits_are_rejected()
    {
        Assert.Contains("k = 1", Assert.Throws<ArgumentException>(() => KFold.Split(10, 1, 0)).Message);
        Assert.Contains("n = 3", Assert.Throws<ArgumentException>(() => KFold.Split(3, 4, 0)).Message);
        Assert.Contains("n = 2", Assert.Throws<ArgumentException>(() => KFold.Stratified([0, 1], 3, 0)).Message);
        Assert.Contains("Label -1 of sample 1", Assert.Throws<ArgumentException>(() => KFold.Stratified([0, -1, 1], 2, 0)).Message);
    }
}
