using GapLab.Metrics;

namespace GapLab.Core.Tests.Metrics;

public class BootstrapGapIntervalTests
{
    static bool[] Correct(int n, int hits) => Enumerable.Range(0, n).Select(i => i < hits).ToArray();

    [Fact]
    public void Same_seed_gives_the_same_interval_and_it_contains_the_point_estimate()
    {
        var correct = Correct(100, 80);
        var a = BootstrapGapInterval.Compute(0.95, correct, resamples: 2000, seed: 42);
        var b = BootstrapGapInterval.Compute(0.95, correct, resamples: 2000, seed: 42);
        var c = BootstrapGapInterval.Compute(0.95, correct, resamples: 2000, seed: 43);
        Assert.Equal(a, b);
        Assert.NotEqual((a.Low, a.High), (c.Low, c.High));
        Assert.Equal(0.15, a.Gap, 12);
        Assert.True(a.Low < a.Gap && a.Gap < a.High, $"[{a.Low}, {a.High}] misses {a.Gap}");
        // Binomial s.e. sqrt(0.8*0.2/100) = 0.04 => a 95% interval about 2*1.96*0.04 = 0.157 wide.
        Assert.InRange(a.High - a.Low, 0.13, 0.19);
        Assert.Equal((2000, 42), (a.B, a.Seed));
    }

    [Fact]
    public void All_correct_test_set_gives_a_degenerate_interval()
    {
        var r = BootstrapGapInterval.Compute(1.0, Correct(30, 30), 200, 1);
        Assert.Equal((0.0, 0.0, 0.0), (r.Gap, r.Low, r.High));
    }

    [Fact]
    public void Predictions_and_labels_overload_matches_indicators()
    {
        long[] pred = [0, 1, 2, 2, 1];
        long[] label = [0, 1, 1, 2, 0];
        var a = BootstrapGapInterval.Compute(0.9, pred, label, 500, 3);
        var b = BootstrapGapInterval.Compute(0.9, [true, true, false, true, false], 500, 3);
        Assert.Equal(a, b);
        Assert.Equal(0.3, a.Gap, 12);
        Assert.Throws<ArgumentException>(() => BootstrapGapInterval.Compute(0.9, pred, label[..4], 500, 3));
        Assert.Contains("resamples = 1", Assert.Throws<ArgumentException>(() => BootstrapGapInterval.Compute(0.9, Correct(5, 2), 1)).Message);
    }
}
