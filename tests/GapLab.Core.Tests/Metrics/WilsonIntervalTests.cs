using GapLab.Metrics;

namespace GapLab.Core.Tests.Metrics;

public class WilsonIntervalTests
{
    [Theory]
    [InlineData(8, 10, 0.95, 0.4902, 0.9433)] // hand-computed, z = 1.95996
    [InlineData(0, 10, 0.95, 0.0, 0.2775)]    // upper = z²/n / (1 + z²/n)
    [InlineData(10, 10, 0.95, 0.7225, 1.0)]
    [InlineData(50, 100, 0.95, 0.4038, 0.5962)]
    [InlineData(8, 10, 0.99, 0.4008, 0.9599)] // z = 2.57583
    public void Reference_values(int k, int n, double confidence, double low, double high)
    {
        var (l, h) = WilsonInterval.Compute(k, n, confidence);
        Assert.Equal(low, l, 4);
        Assert.Equal(high, h, 4);
    }

    [Fact]
    public void Normal_quantiles_are_accurate()
    {
        Assert.Equal(1.959963984540054, StandardNormal.TwoSidedCritical(0.95), 9);
        Assert.Equal(2.5758293035489, StandardNormal.TwoSidedCritical(0.99), 9);
        Assert.Equal(1.6448536269514722, StandardNormal.Quantile(0.95), 9);
        Assert.Equal(0.841344746068543, StandardNormal.Cdf(1), 12);
    }

    [Fact]
    public void Bad_input_is_rejected_with_the_value()
    {
        Assert.Contains("11", Assert.Throws<ArgumentException>(() => WilsonInterval.Compute(11, 10)).Message);
        Assert.Contains("n = 0", Assert.Throws<ArgumentException>(() => WilsonInterval.Compute(0, 0)).Message);
        Assert.Contains("1.5", Assert.Throws<ArgumentException>(() => WilsonInterval.Compute(1, 2, 1.5)).Message);
    }
}
