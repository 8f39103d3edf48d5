using GapLab.Metrics.Complexity;
using static GapLab.Core.Tests.Complexity.HandNetworks;

namespace GapLab.Core.Tests.Complexity;

public class PathNormTests
{
    [Fact]
    public void PathNormSquaresWeightsAndBiasesOnAnAllOnesInput()
    {
        // squared: W1 = [[1,4],[9,0.25]], b1 = [1,1] -> h = (6, 10.25); W2 = [[4,1]], b2 = 0.25 -> 24 + 10.25 + 0.25 = 34.5
        using var model = TwoLayer(new double[,] { { 1, -2 }, { 3, 0.5 } }, new double[,] { { 2, 1 } }, [1, -1], [0.5]);
        var before = Parameters(model);
        Assert.Equal(34.5, PathNorm.Compute(model, [1, 2], sqrt: false), 4);
        Assert.Equal(Math.Sqrt(34.5), PathNorm.Compute(model, [1, 2], sqrt: true), 4);
        foreach (var (name, p) in model.named_parameters())
            Assert.True(p.equal(before[name]).all().item<bool>(), $"{name} was not restored");
        Assert.True(model.training);
    }
}
