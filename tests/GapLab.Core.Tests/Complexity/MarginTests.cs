using GapLab.Metrics.Complexity;
using static TorchSharp.torch;

namespace GapLab.Core.Tests.Complexity;

public class MarginTests
{
    public MarginTests() => GapLab.Runtime.TorchRuntime.EnsureLoaded();

    [Fact]
    public void MarginsAreTrueLogitMinusBestOtherAndGammaIsTheAbsoluteKthSmallest()
    {
        using var logits = tensor(new float[] { 2, 1, 0, 0, 3, 1, 1, 1, 5, 4, 0, 0 }, [4, 3]);
        using var labels = tensor(new long[] { 0, 0, 2, 1 });
        using var margins = Margin.PerExample(logits, labels);
        Assert.Equal(new float[] { 1, -3, 4, -4 }, margins.data<float>().ToArray());
        // m = 4: k = max(1, floor(4/10)) = 1, the smallest margin -4, gamma = 4
        Assert.Equal(4, Margin.TenthPercentile(logits, labels), 12);
    }

    [Fact]
    public void GammaUsesKEqualsFloorOfMOverTen()
    {
        // margins -5 .. 14 in a shuffled order: m = 20, k = 2, the 2nd smallest is -4
        var values = Enumerable.Range(-5, 20).Select(v => (float)v).OrderBy(v => (v * 7919) % 13).ToArray();
        using var margins = tensor(values);
        Assert.Equal(4, Margin.TenthPercentile(margins), 12);
        using var positive = tensor(Enumerable.Range(1, 35).Select(v => (float)v).ToArray()); // k = 3
        Assert.Equal(3, Margin.TenthPercentile(positive), 12);
    }

    [Fact]
    public void BadShapesAreRejected()
    {
        using var logits = zeros(3, 1);
        using var labels = zeros(3, ScalarType.Int64);
        Assert.Throws<ArgumentException>(() => Margin.PerExample(logits, labels));
    }
}
