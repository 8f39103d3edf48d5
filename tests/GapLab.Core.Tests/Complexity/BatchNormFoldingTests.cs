using GapLab.Metrics.Complexity;
using GapLab.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GapLab.Core.Tests.Complexity;

public class BatchNormFoldingTests
{
    static readonly long[] Input = [1, 2, 6, 6];

    public BatchNormFoldingTests() => GapLab.Runtime.TorchRuntime.EnsureLoaded();

    /// <summary>A zoo CNN with batch norms whose running statistics and affine parameters are far from the identity.</summary>
    static BuiltModel CnnWithTrainedLookingNorms() => WithTrainedLookingNorms("cnn:blocks=1,bn=true,width=0.125");

    static BuiltModel WithTrainedLookingNorms(string spec)
    {
        torch.manual_seed(3);
        var built = ModelRegistry.Create(spec, new InputShape(2, 6, 6, 3));
        using var noGrad = no_grad();
        foreach (var (_, m) in built.Module.named_modules())
            if (m is BatchNorm2d bn)
            {
                bn.weight!.copy_(rand(bn.weight.shape) + 0.5);
                bn.bias!.copy_(randn(bn.bias.shape));
                bn.running_mean!.copy_(randn(bn.running_mean.shape));
                bn.running_var!.copy_(rand(bn.running_var.shape) + 0.2);
            }
        built.Module.eval();
        return built;
    }

    [Fact]
    public void FoldedConvolutionEqualsConvolutionThenBatchNormInEvalMode()
    {
        using var built = CnnWithTrainedLookingNorms();
        using var folded = BatchNormFolding.Fold(built.Module, Input);
        Assert.Equal(["classifier", "features.0", "features.3"], folded.Layers.Select(l => l.Name).Order());
        var layer = folded.Layers.Single(l => l.Name == "features.0");
        Assert.Equal("features.1", layer.FoldedBatchNorm);
        Assert.Equal("features.4", folded.Layers.Single(l => l.Name == "features.3").FoldedBatchNorm);
        Assert.Null(folded.Layers.Single(l => l.Name == "classifier").FoldedBatchNorm);
        Assert.Equal([1L, 2, 6, 6], layer.InputShape);
        // the weight list holds conv and linear weights only (batch-norm "features.1.weight" is not a weight layer)
        Assert.Equal(4 * 2 * 9 + 4 * 4 * 9 + 3 * 4, folded.WeightCount);

        var seq = (Sequential)built.Module.named_modules().First(m => m.name == "features").module;
        var conv = (Conv2d)built.Module.named_modules().First(m => m.name == "features.0").module;
        var bn = (BatchNorm2d)built.Module.named_modules().First(m => m.name == "features.1").module;
        using var x = randn(5, 2, 6, 6);
        using var noGrad = no_grad();
        using var reference = bn.forward(conv.forward(x));
        using var mine = nn.functional.conv2d(x.to(ScalarType.Float64), layer.Weight, layer.Bias, padding: [1, 1]);
        Assert.True(mine.to(ScalarType.Float32).allclose(reference, rtol: 0, atol: 1e-5), "folded conv differs from conv + BN");
        Assert.NotNull(seq);
    }

    [Fact]
    public void FoldingInPlaceKeepsTheOutputsAndMovesTheBiasIntoTheIdentityNorm()
    {
        using var built = CnnWithTrainedLookingNorms();
        using var x = randn(4, 2, 6, 6);
        using var noGrad = no_grad();
        using var before = built.Module.forward(x);
        using var folded = BatchNormFolding.Fold(built.Module, Input);
        BatchNormFolding.FoldInPlace(built.Module, Input);
        using var after = built.Module.forward(x);
        Assert.True(after.allclose(before, rtol: 0, atol: 1e-5));
        var conv = (Conv2d)built.Module.named_modules().First(m => m.name == "features.0").module;
        var bn = (BatchNorm2d)built.Module.named_modules().First(m => m.name == "features.1").module;
        var layer = folded.Layers.Single(l => l.Name == "features.0");
        Assert.True(conv.weight!.to(ScalarType.Float64).allclose(layer.Weight, rtol: 0, atol: 1e-6));
        Assert.True(bn.bias!.to(ScalarType.Float64).allclose(layer.Bias, rtol: 0, atol: 1e-6));
        Assert.True(bn.weight!.eq(1).all().item<bool>());
    }

    [Theory]
    [InlineData("cnn:blocks=2,bn=true,width=0.125", 5)]   // features.10 sorts before features.3 by name
    [InlineData("resnet:depth=8,width=0.25", 10)]         // conv1, 3 blocks x 2 convs, 2 projection shortcuts, fc
    [InlineData("nin:depth=1,width=4", 4)]
    public void WholeZooModelsKeepTheirOutputsAfterFolding(string spec, int weightLayers)
    {
        using var built = WithTrainedLookingNorms(spec);
        using var x = randn(3, 2, 6, 6);
        using var noGrad = no_grad();
        using var before = built.Module.forward(x);
        using var folded = BatchNormFolding.Fold(built.Module, Input);
        Assert.Equal(weightLayers, folded.Layers.Count);
        Assert.All(folded.Layers.Where(l => l.Kind == FoldedLayer.Conv2d && l.Name != "head"), l => Assert.NotNull(l.FoldedBatchNorm));
        BatchNormFolding.FoldInPlace(built.Module, Input);
        using var after = built.Module.forward(x);
        Assert.True(after.allclose(before, rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void InitialWeightsWithoutBuffersFoldWithFreshStatistics()
    {
        using var built = CnnWithTrainedLookingNorms();
        var init = built.Module.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        using var folded = BatchNormFolding.Fold(built.Module, init, Input);
        var gamma = init["features.1.weight"].to(ScalarType.Float64);
        var expected = init["features.0.weight"].to(ScalarType.Float64) * (gamma / Math.Sqrt(1 + 1e-5)).reshape(-1, 1, 1, 1);
        var layer = folded.Layers.Single(l => l.Name == "features.0");
        Assert.True(layer.Weight.allclose(expected, rtol: 1e-9, atol: 1e-12));
        Assert.True(layer.Bias.allclose(init["features.1.bias"].to(ScalarType.Float64), rtol: 1e-9, atol: 1e-12)); // beta + s (0 - 0)
        init.Remove("features.1.bias");
        var e = Assert.Throws<InvalidDataException>(() => BatchNormFolding.Fold(built.Module, init, Input));
        Assert.Contains("features.1.bias", e.Message);
    }
}
