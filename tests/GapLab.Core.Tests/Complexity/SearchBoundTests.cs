using GapLab.Data;
using GapLab.Metrics.Complexity;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Core.Tests.Complexity;

/// <summary>
/// Scale searches with known answers. The sharpness cases use a linear classifier z = W x + b on one feature, W = (0, 1), b = 0,
/// and 100 examples x_i = s i / 100 of class 1: the worst box perturbation |u| &lt;= alpha is the corner W = (alpha, 1 - alpha),
/// b = (alpha, -alpha) (every example's cross-entropy gradient has the same signs), where z_1 - z_0 = x (1 - 2 alpha) - 2 alpha, so
/// example i is lost iff x_i &lt;= t = 2 alpha / (1 - 2 alpha): the accuracy drop at alpha is #{x_i &lt;= t} / 100.
/// </summary>
public class SearchBoundTests
{
    static readonly MeasureOptions Options = new() { SharpnessRestarts = 2, SharpnessSteps = 10, BatchSize = 500 };

    static (nn.Module<Tensor, Tensor> Model, Tensor X, Tensor Y) Corner(double s, int tiny = 0, int label = 1)
    {
        GapLab.Runtime.TorchRuntime.EnsureLoaded();
        var l = nn.Linear(1, 2);
        using (no_grad())
        {
            l.weight!.copy_(tensor(new float[] { 0, 1 }, [2, 1]));
            l.bias!.zero_();
        }
        // the first `tiny` examples sit at margin 1e-12: any perturbation >= 1e-6 loses them
        var x = Enumerable.Range(1, 100).Select(i => i <= tiny ? 1e-12f : (float)(s * i / 100)).ToArray();
        return (nn.Sequential(("0", l)), tensor(x, [100, 1]), full(100, label, ScalarType.Int64));
    }

    static double HandDrop(double alpha, double s) =>
        alpha >= 0.5 ? 1 : Enumerable.Range(1, 100).Count(i => (float)(s * i / 100) <= 2 * alpha / (1 - 2 * alpha)) / 100.0;

    [Theory]
    [InlineData(1.0)]
    [InlineData(1e-3)]
    public void LogSearchFindsTheHandWorkedSharpness(double s)
    {
        var (model, x, y) = Corner(s);
        using var target = new PerturbedModel(model, x, y, 500);
        Assert.Equal(1.0, target.BaseAccuracy);
        var r = WorstCaseSharpness.Run(target, false, Options, 3);
        Assert.True(r.Converged, r.Describe("alpha'"));
        Assert.Equal(SearchBound.None, r.Bound);
        Assert.Equal(SearchScheme.Log, r.Scheme);
        // converged: the drop is 0.10 or 0.11 (0.11 - 0.1 < 0.01 in doubles), so t in [0.10 s, 0.12 s): alpha = t / (2 (1 + t))
        Assert.Equal(HandDrop(r.Scale, s), r.Deviation, 12);
        Assert.InRange(r.Scale, 0.10 * s / (2 * (1 + 0.10 * s)) * (1 - 1e-6), 0.12 * s / (2 * (1 + 0.12 * s)));
    }

    [Fact]
    public void LinearSearchOnZeroToTwoCannotResolveASmallSharpnessAndSaysItIsABound()
    {
        var (model, x, y) = Corner(1e-3); // alpha' ~ 5e-5, far below the bisection's floor 2 / 2^10
        using var target = new PerturbedModel(model, x, y, 500);
        var r = WorstCaseSharpness.Run(target, false, Options with { SharpnessSearch = SearchScheme.Linear }, 3);
        Assert.False(r.Converged);
        Assert.Equal(SearchBound.Lower, r.Bound);
        Assert.Equal(2.0 / 1024, r.Scale);
        Assert.Equal(1.0, r.Deviation); // t = 2 alpha / (1 - 2 alpha) = 0.0039 > every x_i <= 0.001
        Assert.Contains("LOWER BOUND", r.Describe("alpha'"));
    }

    [Fact]
    public void LogSearchFlagsBothEndsOfItsInterval()
    {
        // 20 examples at margin 1e-12: the drop is >= 0.2 at every alpha >= 1e-6 -> lower bound, alpha' <= 1e-6
        var (model, x, y) = Corner(1.0, tiny: 20);
        using (var target = new PerturbedModel(model, x, y, 500))
        {
            var low = WorstCaseSharpness.Run(target, false, Options, 3);
            Assert.Equal(SearchBound.Lower, low.Bound);
            Assert.Equal(1e-6, low.Scale);
            Assert.Equal(0.2, low.Deviation, 12);
        }
        // interval capped at 0.01: drop(0.01) = #{x_i <= 0.0204} / 100 = 0.02 < 0.1 -> upper bound, alpha' >= 0.01
        (model, x, y) = Corner(1.0);
        using (var target = new PerturbedModel(model, x, y, 500))
        {
            var high = WorstCaseSharpness.Run(target, false, Options with { SharpnessMax = 0.01 }, 3);
            Assert.Equal(SearchBound.Upper, high.Bound);
            Assert.Equal(0.01, high.Scale);
            Assert.Equal(0.02, high.Deviation, 12);
            Assert.Contains("UPPER BOUND", high.Describe("alpha'"));
        }
    }

    [Fact]
    public void SharpnessIsNotMeaningfulForAModelThatCannotLoseTheTargetAccuracy()
    {
        var (model, x, y) = Corner(1.0, label: 0); // every example misclassified: training accuracy 0
        using var target = new PerturbedModel(model, x, y, 500);
        var r = WorstCaseSharpness.Run(target, false, Options, 3);
        Assert.True(double.IsNaN(r.Scale));
        Assert.Equal(0, r.Iterations);
        Assert.StartsWith("not meaningful for this model: training accuracy 0.0000", r.Describe("alpha'"));
        // PGDL's deviation is 1 - accuracy: 1 > 0.11 before any perturbation, so its search could only return its floor
        var p = PgdlSharpness.Run(target, Options, 3);
        Assert.True(double.IsNaN(p.Scale));
        Assert.Contains("1 - accuracy is 1.0000 > 0.1 + 0.01", p.NotMeaningful);
    }

    [Fact]
    public void ScaleSearchesOnHandFunctions()
    {
        // drop(a) = a: 1 (above) -> 0.25 (above) -> 0.0625 (below): bracket [2^-4, 2^-2]; geometric mids 2^-3 (0.125, above),
        // 2^-3.5 (0.0884, below: |0.0884 - 0.1| > 0.01), 2^-3.25 = 0.1051 (converged) after 6 candidates
        var r = ScaleSearch.Log(a => a, 1, 1e-6, 16, 10, 0.1, 0.01);
        Assert.True(r.Converged);
        Assert.Equal(6, r.Iterations);
        Assert.Equal(Math.Pow(2, -3.25), r.Scale, 12);
        Assert.Equal(Math.Pow(2, -3.5), r.BracketLow, 12);
        Assert.Equal(0.125, r.BracketHigh, 12);
        // the reference bisection never sees a drop below 0.1 when the drop is 1 everywhere: last candidate 2 / 2^15, a lower bound
        var floor = ScaleSearch.Linear(_ => 1, 2, 15, 0.1, 0.01);
        Assert.Equal((SearchBound.Lower, 2.0 / 32768, 15), (floor.Bound, floor.Scale, floor.Iterations));
        // ... and never one above it when the drop is 0: last candidate 2 - 2 / 2^15, an upper bound
        var ceiling = ScaleSearch.Linear(_ => 0, 2, 15, 0.1, 0.01);
        Assert.Equal((SearchBound.Upper, 2 - 2.0 / 32768), (ceiling.Bound, ceiling.Scale));
        // a bracketed, unconverged search is no bound: drop jumps from 0 to 1 at 0.3
        var step = ScaleSearch.Linear(a => a < 0.3 ? 0 : 1, 2, 6, 0.1, 0.01);
        Assert.Equal(SearchBound.None, step.Bound);
        Assert.InRange(0.3, step.BracketLow, step.BracketHigh);
    }
}
