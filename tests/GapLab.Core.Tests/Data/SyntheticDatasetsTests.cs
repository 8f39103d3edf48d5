using GapLab.Data;

namespace GapLab.Core.Tests.Data;

public class SyntheticDatasetsTests
{
    [Fact]
    public void Same_seed_gives_identical_data_and_another_seed_differs()
    {
        var a = SyntheticDatasets.TwoSpirals(trainSize: 50, testSize: 30, seed: 3);
        var b = SyntheticDatasets.TwoSpirals(trainSize: 50, testSize: 30, seed: 3);
        var c = SyntheticDatasets.TwoSpirals(trainSize: 50, testSize: 30, seed: 4);
        Assert.Equal(a.Train.Fingerprint, b.Train.Fingerprint);
        Assert.Equal(a.Test.Fingerprint, b.Test.Fingerprint);
        Assert.NotEqual(a.Train.Fingerprint, c.Train.Fingerprint);

        var g1 = SyntheticDatasets.GaussianMixture(classes: 4, dims: 3, trainSize: 40, testSize: 20, seed: 7);
        var g2 = SyntheticDatasets.GaussianMixture(classes: 4, dims: 3, trainSize: 40, testSize: 20, seed: 7);
        Assert.Equal(g1.Train.Fingerprint, g2.Train.Fingerprint);
        Assert.Equal(new[] { 3 }, g1.Train.SampleShape);
        Assert.Equal((40, 20), (g1.Train.Count, g1.Test.Count));
        Assert.Equal(new[] { 10, 10, 10, 10 }, g1.Train.ClassCounts());
        Assert.Equal(new[] { 5, 5, 5, 5 }, g1.Test.ClassCounts());
    }

    [Fact]
    public void Label_noise_changes_exactly_round_fraction_n_train_labels_and_is_named()
    {
        var clean = SyntheticDatasets.TwoSpirals(seed: 1);
        var noisy = SyntheticDatasets.TwoSpirals(labelNoise: 0.2, seed: 1);

        Assert.Equal("two-spirals(n=600,noise=0.1,label_noise=0.2,seed=1)", noisy.Train.Name);
        Assert.Equal("two-spirals(n=600,noise=0.1,label_noise=0,seed=1)", clean.Train.Name);
        Assert.Equal(new[] { 2 }, noisy.Train.SampleShape);
        Assert.Equal(clean.Train.Features, noisy.Train.Features);
        Assert.Equal(120, clean.Train.Labels.Zip(noisy.Train.Labels).Count(p => p.First != p.Second));
        Assert.Equal(clean.Test.Labels, noisy.Test.Labels); // test split stays clean
        Assert.Equal(clean.Test.Features, noisy.Test.Features);

        var g = SyntheticDatasets.GaussianMixture(classes: 5, dims: 4, trainSize: 101, testSize: 10, labelNoise: 0.15, seed: 2);
        var g0 = SyntheticDatasets.GaussianMixture(classes: 5, dims: 4, trainSize: 101, testSize: 10, labelNoise: 0, seed: 2);
        Assert.Equal(15, g.Train.Labels.Zip(g0.Train.Labels).Count(p => p.First != p.Second)); // round(15.15)
        Assert.Equal("gaussian-mixture(classes=5,dims=4,n=101,separation=3,label_noise=0.15,seed=2)", g.Train.Name);
    }

    [Fact]
    public void Noise_free_spiral_points_lie_on_their_arm()
    {
        var s = SyntheticDatasets.TwoSpirals(trainSize: 40, testSize: 10, noise: 0, seed: 5);
        for (int i = 0; i < s.Train.Count; i++)
        {
            double x = s.Train.Features[2 * i], y = s.Train.Features[2 * i + 1];
            double t = Math.Sqrt(x * x + y * y);
            double theta = 3 * Math.PI * t + Math.PI * s.Train.Labels[i];
            Assert.InRange(t, 0, 1);
            Assert.Equal(t * Math.Cos(theta), x, 4);
            Assert.Equal(t * Math.Sin(theta), y, 4);
        }
    }

    [Theory]
    [InlineData(2, 1)] // ±1.5 on the only axis
    [InlineData(3, 2)] // (2.12, 0), (-2.12, 0), (0, 2.12)
    public void Gaussian_class_means_are_separation_apart(int classes, int dims)
    {
        var g = SyntheticDatasets.GaussianMixture(classes, dims, trainSize: 3000, testSize: 10, separation: 3, seed: 11);
        var means = new double[classes, dims];
        var counts = g.Train.ClassCounts();
        for (int i = 0; i < g.Train.Count; i++)
            for (int k = 0; k < dims; k++) means[g.Train.Labels[i], k] += g.Train.Features[i * dims + k] / counts[g.Train.Labels[i]];
        double Dist(int a, int b) => Math.Sqrt(Enumerable.Range(0, dims).Sum(k => Math.Pow(means[a, k] - means[b, k], 2)));
        // sampling error of a class mean is about 1/sqrt(1000) per coordinate
        Assert.InRange(Dist(0, classes - 1), 2.8, 3.2);
        if (classes == 2) Assert.InRange(means[0, 0], 1.35, 1.65);
        else Assert.InRange(Dist(0, 1), 4.0, 4.5); // opposite points: 3·√2 ≈ 4.24
    }

    [Fact]
    public void Invalid_arguments_name_the_value()
    {
        Assert.Contains("labelNoise", Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticDatasets.TwoSpirals(labelNoise: 1.5)).Message);
        Assert.Contains("classes", Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticDatasets.GaussianMixture(classes: 1)).Message);
        Assert.Contains("noise", Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticDatasets.TwoSpirals(noise: -1)).Message);
    }
}
