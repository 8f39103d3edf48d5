using GapLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Core.Tests.Training;

public class GradientNoiseTests
{
    public GradientNoiseTests() => GapLab.Runtime.TorchRuntime.EnsureLoaded();

    [Fact]
    public void Two_single_sample_batches_give_the_hand_computed_variance()
    {
        // W = 0 => softmax = (0.5, 0.5); dCE/dW = (p - onehot(y)) x.
        // (x=1, y=0): g = (-0.5, 0.5); (x=2, y=1): g = (1, -1). Var(ddof=1) per coordinate = 1.5^2 / 2 = 1.125.
        using var model = nn.Linear(1, 2, hasBias: false);
        using (no_grad()) model.weight!.zero_();
        using var x = tensor(new float[] { 1, 2 }, [2, 1]);
        using var y = tensor(new long[] { 0, 1 });
        var r = GradientNoise.Measure(model, x, y, batchSize: 1, maxBatches: 8, seed: 3);
        Assert.Equal(2, r.Batches);
        Assert.Equal(1.125, r.Value!.Value, 6);
    }

    [Fact]
    public void Identical_batches_have_zero_noise_and_too_few_batches_give_null()
    {
        using var model = nn.Linear(3, 2);
        using var x = ones(6, 3);
        using var y = zeros(6, ScalarType.Int64);
        Assert.Equal(0.0, GradientNoise.Measure(model, x, y, 2, 3, 0).Value!.Value, 12);
        var none = GradientNoise.Measure(model, x, y, 4, 3, 0);
        Assert.Null(none.Value);
        Assert.Contains("2 full batches", none.Note);
    }
}
