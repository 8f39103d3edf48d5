using GapLab.Data;

namespace GapLab.Core.Tests.Data;

public class SubsampleAndLabelNoiseTests
{
    // 3 classes of sizes 5, 3, 2 with 1-D features equal to the index
    static Dataset Tiny()
    {
        var labels = new[] { 0, 0, 0, 0, 0, 1, 1, 1, 2, 2 };
        return new Dataset("tiny", Enumerable.Range(0, 10).Select(i => (float)i).ToArray(), labels, new[] { 1 }, new[] { "a", "b", "c" });
    }

    [Theory]
    [InlineData(6, new[] { 2, 2, 2 })]
    [InlineData(9, new[] { 4, 3, 2 })] // class c is exhausted at 2, b at 3: the surplus goes to a
    [InlineData(10, new[] { 5, 3, 2 })]
    [InlineData(3, new[] { 1, 1, 1 })]
    public void StratifiedIsAsBalancedAsClassSizesAllow(int n, int[] expected)
    {
        var s = Subsample.Stratified(Tiny(), n, seed: 3);
        Assert.Equal(n, s.Count);
        Assert.Equal(expected, s.ClassCounts());
        // features identify the original samples: no duplicates, original order kept, labels unchanged
        var ids = s.Features.Select(f => (int)f).ToArray();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Distinct().Count(), ids.Length);
        Assert.All(Enumerable.Range(0, n), i => Assert.Equal(Tiny().Labels[ids[i]], s.Labels[i]));
    }

    [Fact]
    public void SubsamplesAreSeededAndValidated()
    {
        Assert.Equal(Subsample.Stratified(Tiny(), 6, 1).Features, Subsample.Stratified(Tiny(), 6, 1).Features);
        Assert.Equal(Subsample.Random(Tiny(), 4, 9).Features, Subsample.Random(Tiny(), 4, 9).Features);
        Assert.Contains("[1, 10]", Assert.Throws<ArgumentOutOfRangeException>(() => Subsample.Random(Tiny(), 11, 0)).Message);
    }

    [Fact]
    public void LabelNoiseChangesExactlyRoundFractionTimesNLabelsToOtherClasses()
    {
        var d = Tiny();
        var r = LabelNoise.Apply(d, 0.35, seed: 5); // round(3.5) = 4 (away from zero)
        Assert.Equal(4, r.ChangedIndices.Length);
        for (int i = 0; i < d.Count; i++)
        {
            if (r.ChangedIndices.Contains(i)) Assert.NotEqual(d.Labels[i], r.Dataset.Labels[i]);
            else Assert.Equal(d.Labels[i], r.Dataset.Labels[i]);
        }
        Assert.Equal(d.Features, r.Dataset.Features);
        Assert.Equal(r.Dataset.Labels, LabelNoise.Apply(d, 0.35, seed: 5).Dataset.Labels);
        Assert.Empty(LabelNoise.Apply(d, 0, 1).ChangedIndices);
        Assert.Throws<ArgumentOutOfRangeException>(() => LabelNoise.Apply(d, 1.5, 1));
    }

    [Fact]
    public void NoisyLabelsAreSpreadOverTheOtherClasses()
    {
        var labels = new int[3000];
        var d = new Dataset("zeros", new float[3000], labels, new[] { 1 }, new[] { "a", "b", "c" });
        var r = LabelNoise.Apply(d, 1.0, seed: 2);
        var counts = r.Dataset.ClassCounts();
        Assert.Equal(0, counts[0]);
        Assert.InRange(counts[1], 1350, 1650); // binomial(3000, 1/2): 5 sigma is about 137
        Assert.Equal(3000, counts[1] + counts[2]);
    }
}
