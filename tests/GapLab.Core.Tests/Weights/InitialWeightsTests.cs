using GapLab.Models;
using GapLab.Runtime;
using GapLab.Weights;
using static TorchSharp.torch;

namespace GapLab.Core.Tests.Weights;

public sealed class InitialWeightsTests
{
    public InitialWeightsTests() => TorchRuntime.EnsureLoaded();

    static Dictionary<string, Tensor> State(string spec) =>
        ModelRegistry.Create(spec, InputShape.Parse("1x28x28->10")).Module.state_dict()
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    [Fact]
    public void The_same_architecture_matches()
    {
        using var model = ModelRegistry.Create("mlp:width=16,depth=2", InputShape.Parse("1x28x28->10"));
        InitialWeights.RequireMatch(model.Module, State("mlp:width=16,depth=2"));
    }

    [Fact]
    public void Another_width_names_the_shape_mismatches_in_one_line()
    {
        using var model = ModelRegistry.Create("mlp:width=16,depth=2", InputShape.Parse("1x28x28->10"));
        var ex = Assert.Throws<InvalidDataException>(() => InitialWeights.RequireMatch(model.Module, State("mlp:width=32,depth=2")));
        Assert.StartsWith("the initial weights do not match the model (names/shapes)", ex.Message);
        // width 16 vs 32: the first layer's weight [16, 784] vs [32, 784] among the mismatches
        Assert.Contains("[32, 784] in them, [16, 784] in the model", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Another_depth_names_the_missing_parameters()
    {
        using var model = ModelRegistry.Create("mlp:width=16,depth=3", InputShape.Parse("1x28x28->10"));
        var ex = Assert.Throws<InvalidDataException>(() => InitialWeights.RequireMatch(model.Module, State("cnn:width=0.125")));
        Assert.Contains("parameters missing", ex.Message);
    }
}
