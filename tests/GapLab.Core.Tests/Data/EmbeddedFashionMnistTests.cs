using GapLab.Tests.Shared;
using GapLab.Data;

namespace GapLab.Core.Tests.Data;

public class EmbeddedFashionMnistTests
{
    [Fact]
    public void HasTheDocumentedClassBalancedSizes()
    {
        var split = EmbeddedFashionMnist.Load();
        Assert.Equal(12_000, split.Train.Count);
        Assert.Equal(2_000, split.Test.Count);
        Assert.All(split.Train.ClassCounts(), c => Assert.Equal(1_200, c));
        Assert.All(split.Test.ClassCounts(), c => Assert.Equal(200, c));
        Assert.Equal(new[] { 1, 28, 28 }, split.Train.SampleShape);
        Assert.Equal("Ankle boot", split.Train.ClassNames[9]);
        Assert.InRange(split.Train.Features.Min(), 0f, 0f);
        Assert.InRange(split.Train.Features.Max(), 1f, 1f);
        // Fashion-MNIST's mean pixel intensity is about 0.286 (train) — the subset is close to it
        Assert.InRange(split.Train.Features.Average(), 0.27, 0.30);
    }

    [RequiresFact(Requirement.DebianFashionMnist)] // the rule can only be checked where the source is installed
    public void FollowsTheFirstNPerClassRuleOnTheFullDebianSet()
    {
        var full = FashionMnist.Load();
        Assert.Equal(60_000, full.Train.Count);
        Assert.Equal(10_000, full.Test.Count);
        var counts = new int[10];
        var expected = new List<int>();
        for (int i = 0; i < full.Train.Count; i++)
            if (counts[full.Train.Labels[i]]++ < 1_200) expected.Add(i);
        var subset = full.Train.Subset(expected);
        var embedded = EmbeddedFashionMnist.Load().Train;
        Assert.Equal(subset.Labels, embedded.Labels);
        Assert.Equal(subset.Features, embedded.Features);
    }

    [Fact]
    public void FingerprintIsStableAndSensitive()
    {
        var a = EmbeddedFashionMnist.Load().Train;
        Assert.Equal(64, a.Fingerprint.Length);
        var copy = new Dataset("other-name", (float[])a.Features.Clone(), (int[])a.Labels.Clone(), a.SampleShape, a.ClassNames);
        Assert.Equal(a.Fingerprint, copy.Fingerprint);
        var labels = (int[])a.Labels.Clone();
        labels[0] = (labels[0] + 1) % 10;
        Assert.NotEqual(a.Fingerprint, a.WithLabels(labels).Fingerprint);
    }

    [Fact]
    public void CatalogResolvesNamesAndRejectsUnknownOnes()
    {
        Assert.Equal(12_000, DatasetCatalog.Load("fashion-mnist-embedded").Train.Count);
        var e = Assert.Throws<ArgumentException>(() => DatasetCatalog.Load("imagenet"));
        Assert.Contains("imagenet", e.Message);
        Assert.Contains("fashion-mnist-embedded", e.Message);
        Assert.Contains("--data DIR", Assert.Throws<ArgumentException>(() => DatasetCatalog.Load("mnist")).Message);
        Assert.Throws<DirectoryNotFoundException>(() => DatasetCatalog.Load("mnist", "/nonexistent/dir"));
        Assert.Contains("--data DIR", Assert.Throws<ArgumentException>(() => DatasetCatalog.Load("cifar100-coarse")).Message);
        var spirals = DatasetCatalog.Load("two-spirals");
        Assert.Equal((600, 600), (spirals.Train.Count, spirals.Test.Count));
        Assert.Equal(new[] { 2 }, spirals.Train.SampleShape);
        Assert.Equal(3, DatasetCatalog.Load("Gaussian-Mixture").Train.NumClasses);
        Assert.Equal(8, DatasetCatalog.Names.Count);
    }
}
