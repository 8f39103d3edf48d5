using GapLab.Models;
using GapLab.Runtime;
using GapLab.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Core.Tests.Weights;

public sealed class ModelWeightsTests : IDisposable
{
    static readonly InputShape Small = new(1, 8, 8, 3);
    readonly TempDirectory _dir = new();

    public ModelWeightsTests() => TorchRuntime.EnsureLoaded();

    public void Dispose() => _dir.Dispose();

    static BuiltModel Create(string spec, long seed, InputShape? input = null)
    {
        TorchEnvironment.Seed(seed);
        return ModelRegistry.Create(spec, input ?? Small);
    }

    [Theory]
    [InlineData("w.safetensors")]
    [InlineData("w.dat")]
    public void Saved_weights_load_into_a_differently_initialised_model(string file)
    {
        using var source = Create("cnn:blocks=1,bn=true,width=0.125", 1);
        using (var scope = NewDisposeScope())
        {
            source.Module.train();
            source.Module.forward(rand(4, 1, 8, 8)); // moves running statistics and num_batches_tracked off their initial values
        }
        using var target = Create("cnn:blocks=1,bn=true,width=0.125", 2);
        Assert.False(TensorAssert.Same(source.Module.state_dict()["features.0.weight"], target.Module.state_dict()["features.0.weight"]));
        var path = _dir.File(file);
        ModelWeights.Save(source, path);
        ModelWeights.Load(target.Module, path);
        TensorAssert.SameState(source.Module, target.Module);
        Assert.Equal(1L, target.Module.state_dict()["features.1.num_batches_tracked"].item<long>());
    }

    [Fact]
    public void LoadModel_rebuilds_the_model_from_the_spec_in_the_file()
    {
        using var source = Create("resnet:depth=8,width=0.25", 3);
        var path = _dir.File("r.safetensors");
        ModelWeights.Save(source, path, new Dictionary<string, string> { ["run"] = "42" });
        var meta = Safetensors.ReadMetadata(path);
        Assert.Equal("resnet:depth=8,width=0.25", meta[ModelWeights.SpecKey]);
        Assert.Equal("1x8x8->3", meta[ModelWeights.InputKey]);
        Assert.Equal("42", meta["run"]);
        Assert.Equal("pt", meta["format"]);

        using var rebuilt = ModelWeights.LoadModel(path);
        Assert.Equal(source.Spec, rebuilt.Spec);
        Assert.Equal(source.ParameterCount, rebuilt.ParameterCount);
        TensorAssert.SameState(source.Module, rebuilt.Module);
        using var again = ModelWeights.LoadModel(path, Small);
        TensorAssert.SameState(source.Module, again.Module);

        var wrong = Assert.Throws<InvalidDataException>(() => ModelWeights.LoadModel(path, new InputShape(3, 32, 32, 10)));
        Assert.Contains("1x8x8->3", wrong.Message);
    }

    [Fact]
    public void LoadModel_needs_a_safetensors_file_with_a_spec()
    {
        using var model = Create("mlp:depth=1,width=4", 4);
        var plain = _dir.File("plain.safetensors");
        ModelWeights.Save(model.Module, plain);
        Assert.Contains(ModelWeights.SpecKey, Assert.Throws<InvalidDataException>(() => ModelWeights.LoadModel(plain, Small)).Message);
        var dat = _dir.File("m.dat");
        ModelWeights.Save(model, dat);
        Assert.Contains(".safetensors", Assert.Throws<ArgumentException>(() => ModelWeights.LoadModel(dat, Small)).Message);
        Assert.Contains("'.npz'", Assert.Throws<ArgumentException>(() => ModelWeights.Save(model, _dir.File("m.npz"))).Message);
    }

    [Fact]
    public void Shape_mismatches_are_listed_with_expected_and_found_shapes()
    {
        using var narrow = Create("mlp:depth=1,width=5", 5);
        using var wide = Create("mlp:depth=1,width=6", 5);
        var path = _dir.File("n.safetensors");
        ModelWeights.Save(narrow, path);
        var ex = Assert.Throws<InvalidDataException>(() => ModelWeights.Load(wide.Module, path, strict: false));
        Assert.Contains(path, ex.Message);
        Assert.Contains("layers.0.weight expected [6, 64] found [5, 64]", ex.Message);
        Assert.Contains("layers.3.weight expected [3, 6] found [3, 5]", ex.Message);
        Assert.Contains("layers.0.bias expected [6] found [5]", ex.Message);

        var dat = _dir.File("n.dat");
        ModelWeights.Save(narrow, dat);
        var torchSharp = Assert.Throws<InvalidDataException>(() => ModelWeights.Load(wide.Module, dat));
        Assert.Contains(dat, torchSharp.Message);
    }

    [Fact]
    public void Missing_and_unexpected_keys_fail_when_strict_and_are_skipped_otherwise()
    {
        using var model = Create("mlp:depth=1,width=4", 6);
        using var scope = NewDisposeScope();
        var state = model.Module.state_dict();
        var partial = new Dictionary<string, Tensor>
        {
            ["layers.0.weight"] = full(state["layers.0.weight"].shape, 0.5f),
            ["layers.0.bias"] = full(state["layers.0.bias"].shape, 0.25f),
            ["extra.weight"] = zeros(2),
        };
        var path = _dir.File("partial.safetensors");
        Safetensors.Save(path, partial);
        var before = state["layers.3.weight"].clone();

        var ex = Assert.Throws<InvalidDataException>(() => ModelWeights.Load(model.Module, path));
        Assert.Contains("2 missing key(s)", ex.Message);
        Assert.Contains("layers.3.bias, layers.3.weight", ex.Message);
        Assert.Contains("1 unexpected key(s)", ex.Message);
        Assert.Contains("extra.weight", ex.Message);
        Assert.Contains("strict: false", ex.Message);
        Assert.False(state["layers.0.bias"].eq(0.25f).any().item<bool>()); // a failed load changes nothing

        ModelWeights.Load(model.Module, path, strict: false);
        Assert.True(state["layers.0.weight"].eq(0.5f).all().item<bool>());
        Assert.True(state["layers.0.bias"].eq(0.25f).all().item<bool>());
        Assert.True(TensorAssert.Same(state["layers.3.weight"], before));
        Assert.True(state["layers.0.weight"].requires_grad);
    }
}
