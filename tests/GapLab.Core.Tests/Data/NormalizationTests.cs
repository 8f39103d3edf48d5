using GapLab.Data;
using GapLab.Runtime;
using TorchSharp;

namespace GapLab.Core.Tests.Data;

public class NormalizationTests
{
    public NormalizationTests() => TorchRuntime.EnsureLoaded();

    // Two samples of shape [2,1,2]: channel 0 holds 1,3 | 5,7 (mean 4, population variance (9+1+1+9)/4 = 5), channel 1 is constant 2.
    static Dataset Tiny() => new("tiny", new float[] { 1, 3, 2, 2, 5, 7, 2, 2 }, new[] { 0, 1 }, new[] { 2, 1, 2 }, new[] { "x", "y" });

    [Fact]
    public void Stats_are_per_channel_mean_and_population_std()
    {
        var s = Normalization.Compute(Tiny());
        Assert.Equal(2, s.Channels);
        Assert.Equal(4, s.Mean[0], 12);
        Assert.Equal(Math.Sqrt(5), s.Std[0], 12);
        Assert.Equal(2, s.Mean[1], 12);
        Assert.Equal(0, s.Std[1], 12);
    }

    [Fact]
    public void Dataset_and_tensor_apply_standardise_and_only_centre_constant_channels()
    {
        var d = Tiny();
        var s = Normalization.Compute(d);
        var n = Normalization.Apply(d, s);
        double r5 = Math.Sqrt(5);
        var expected = new[] { -3 / r5, -1 / r5, 0, 0, 1 / r5, 3 / r5, 0, 0 }.Select(v => (float)v).ToArray();
        Assert.Equal(expected, n.Features, (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Equal(d.Labels, n.Labels);
        Assert.Equal("tiny+normalized", n.Name);

        using var scope = torch.NewDisposeScope();
        var (x, _) = d.ToTensors();
        var t = Normalization.Apply(x, s);
        Assert.Equal(new long[] { 2, 2, 1, 2 }, t.shape);
        Assert.Equal(expected, t.data<float>().ToArray(), (a, b) => Math.Abs(a - b) < 1e-6);

        var again = Normalization.Compute(n);
        Assert.Equal(0, again.Mean[0], 6);
        Assert.Equal(1, again.Std[0], 6);
    }

    [Fact]
    public void Vector_samples_are_standardised_per_feature()
    {
        // features (1, 10), (3, 30): means 2 and 20, stds 1 and 10
        var d = new Dataset("vec", new float[] { 1, 10, 3, 30 }, new[] { 0, 0 }, new[] { 2 }, new[] { "only" });
        var s = Normalization.Compute(d);
        Assert.Equal(new[] { 2.0, 20.0 }, s.Mean);
        Assert.Equal(new[] { 1.0, 10.0 }, s.Std);
        Assert.Equal(new float[] { -1, -1, 1, 1 }, Normalization.Apply(d, s).Features);
    }

    [Fact]
    public void Channel_mismatch_is_rejected()
    {
        var s = new ChannelStats(new[] { 0.0, 0, 0 }, new[] { 1.0, 1, 1 });
        Assert.Contains("has 2 channels", Assert.Throws<ArgumentException>(() => Normalization.Apply(Tiny(), s)).Message);
        using var x = torch.zeros(4, 2, 3, 3);
        Assert.Contains("[N, 3, ...]", Assert.Throws<ArgumentException>(() => Normalization.Apply(x, s)).Message);
    }
}
