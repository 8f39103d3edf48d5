using GapLab.Models;
using GapLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Core.Tests.Models;

public class ArchitectureTests
{
    static readonly InputShape Mnist = new(1, 28, 28, 10);
    static readonly InputShape Cifar = new(3, 32, 32, 10);

    public ArchitectureTests() => TorchRuntime.EnsureLoaded();

    // Hand counts (weights + biases; BN = 2 per channel; convs before BN have no bias):
    // mlp 784-512-512-10: 784*512+512 + 512*512+512 + 512*10+10 = 669,706.
    // mlp flat 2-8-3 (depth 1): 2*8+8 + 8*3+3 = 51.
    // cnn 1x28x28: convs 1*32*9+32=320, 32*32*9+32=9,248, 32*64*9+64=18,496, 64*64*9+64=36,928,
    //   64*128*9+128=73,856, 128*128*9+128=147,584; head 128*10+10=1,290 -> 287,722.
    // cnn bn 3x32x32: 3*32*9+64 + 32*32*9+64 = 10,208; 32*64*9+128 + 64*64*9+128 = 55,552;
    //   64*128*9+256 + 128*128*9+256 = 221,696; head 1,290 -> 288,746.
    // nin 3x32x32 (depth 3, width 96, bn): block 1: 3*96*9 + 2*96*96 + 3*192 = 21,600;
    //   blocks 2-3: 96*96*9 + 2*96*96 + 3*192 = 101,952 each; head 96*10+10 = 970 -> 226,474.
    // resnet-20 3x32x32: conv1 3*16*9=432, bn1 32; stage 1: 3 x (2*16*16*9 + 64) = 14,016;
    //   stage 2: (16*32*9 + 32*32*9 + 16*32 + 3*64) + 2 x (2*32*32*9 + 128) = 14,528 + 37,120 = 51,648;
    //   stage 3: (32*64*9 + 64*64*9 + 32*64 + 3*128) + 2 x (2*64*64*9 + 256) = 57,728 + 147,968 = 205,696;
    //   fc 64*10+10 = 650 -> 272,474 (option A's 269,722 + the 2,752 of the two projection shortcuts).
    // resnet-20 1x28x28: conv1 1*16*9 = 144 instead of 432 -> 272,186.
    // resnet-32 3x32x32 (n=5): 432 + 32 + 5*4,672 + (14,528 + 4*18,560) + (57,728 + 4*73,984) + 650 = 466,906.
    public static TheoryData<string, int, int, int, int, long> Counts => new()
    {
        { "mlp:depth=2,width=512", 1, 28, 28, 10, 669_706 },
        { "mlp:depth=1,width=8", 2, 1, 1, 3, 51 },
        { "cnn", 1, 28, 28, 10, 287_722 },
        { "cnn:bn=true", 3, 32, 32, 10, 288_746 },
        { "nin", 3, 32, 32, 10, 226_474 },
        { "resnet:depth=20", 3, 32, 32, 10, 272_474 },
        { "resnet:depth=20", 1, 28, 28, 10, 272_186 },
        { "resnet:depth=32", 3, 32, 32, 10, 466_906 },
    };

    [Theory]
    [MemberData(nameof(Counts))]
    public void Parameter_counts_match_hand_computation(string spec, int c, int h, int w, int k, long expected)
    {
        using var model = ModelRegistry.Create(spec, new InputShape(c, h, w, k));
        Assert.Equal(expected, model.ParameterCount);
        Assert.Equal(expected, model.Module.parameters().Sum(p => p.numel()));
    }

    public static TheoryData<string, bool> ForwardCases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var spec in new[] { "mlp:width=32", "cnn:width=0.25", "cnn:width=0.25,bn=true,blocks=4,dropout=0.5", "nin:width=16", "nin:width=8,kernel=5,bn=false", "resnet:depth=8,width=0.5", "resnet:depth=20,width=0.25" })
            foreach (var cifar in new[] { false, true })
                data.Add(spec, cifar);
        return data;
    }

    [Theory]
    [MemberData(nameof(ForwardCases))]
    public void Forward_gives_logits_per_sample_for_28x28_and_32x32_input(string spec, bool cifar)
    {
        var input = cifar ? Cifar : Mnist;
        using var scope = NewDisposeScope();
        using var model = ModelRegistry.Create(spec, input);
        var x = rand(input.BatchShape(3));
        model.Module.train();
        var train = model.Module.forward(x);
        model.Module.eval();
        var y = model.Module.forward(x);
        Assert.Equal(new long[] { 3, 10 }, train.shape);
        Assert.Equal(new long[] { 3, 10 }, y.shape);
        Assert.True(y.isfinite().all().item<bool>());
    }

    [Fact]
    public void Mlp_accepts_flat_and_image_batches_alike()
    {
        using var scope = NewDisposeScope();
        using var model = ModelRegistry.Create("mlp:depth=1,width=6", new InputShape(2, 3, 3, 4));
        var x = rand(5, 2, 3, 3);
        var fromImages = model.Module.forward(x);
        var fromVectors = model.Module.forward(x.reshape(5, 18));
        Assert.Equal(new long[] { 5, 4 }, fromImages.shape);
        Assert.True(fromImages.allclose(fromVectors, rtol: 0, atol: 0));
    }

    [Fact]
    public void Mlp_state_names_mirror_the_pytorch_sequential()
    {
        using var model = ModelRegistry.Create("mlp:depth=2,width=16", Mnist);
        var expected = new Dictionary<string, long[]>
        {
            ["layers.0.weight"] = [16, 784], ["layers.0.bias"] = [16],
            ["layers.3.weight"] = [16, 16], ["layers.3.bias"] = [16],
            ["layers.6.weight"] = [10, 16], ["layers.6.bias"] = [10],
        };
        AssertState(expected, model);
        Assert.Equal(expected.Keys, model.Module.named_parameters().Select(p => p.name));
    }

    [Fact]
    public void Cnn_with_batch_norm_names_its_running_statistics_like_pytorch()
    {
        using var model = ModelRegistry.Create("cnn:blocks=1,bn=true,width=0.25", Cifar);
        AssertState(new Dictionary<string, long[]>
        {
            ["features.0.weight"] = [8, 3, 3, 3],
            ["features.1.weight"] = [8], ["features.1.bias"] = [8], ["features.1.running_mean"] = [8],
            ["features.1.running_var"] = [8], ["features.1.num_batches_tracked"] = [],
            ["features.3.weight"] = [8, 8, 3, 3],
            ["features.4.weight"] = [8], ["features.4.bias"] = [8], ["features.4.running_mean"] = [8],
            ["features.4.running_var"] = [8], ["features.4.num_batches_tracked"] = [],
            ["classifier.weight"] = [10, 8], ["classifier.bias"] = [10],
        }, model);
        Assert.Equal(ScalarType.Int64, model.Module.state_dict()["features.1.num_batches_tracked"].dtype);
    }

    [Fact]
    public void Nin_without_batch_norm_has_biased_convs_and_a_conv_head()
    {
        using var model = ModelRegistry.Create("nin:depth=1,width=4,bn=false", Mnist);
        AssertState(new Dictionary<string, long[]>
        {
            ["features.0.weight"] = [4, 1, 3, 3], ["features.0.bias"] = [4],
            ["features.2.weight"] = [4, 4, 1, 1], ["features.2.bias"] = [4],
            ["features.4.weight"] = [4, 4, 1, 1], ["features.4.bias"] = [4],
            ["head.weight"] = [10, 4, 1, 1], ["head.bias"] = [10],
        }, model);
    }

    [Fact]
    public void Resnet20_state_names_follow_cifar_pytorch_code()
    {
        using var model = ModelRegistry.Create("resnet:depth=20", Cifar);
        var state = model.Module.state_dict();
        // 19 conv/BN pairs + 2 projection pairs = 21 convs and 21 BNs (5 entries each) + fc (2) = 21 + 105 + 2 = 128.
        Assert.Equal(128, state.Count);
        var names = model.Module.named_parameters().Select(p => p.name).ToList();
        Assert.Equal("conv1.weight", names[0]);
        Assert.Equal("bn1.weight", names[1]);
        Assert.Equal("fc.weight", names[^2]);
        Assert.Equal("fc.bias", names[^1]);
        Assert.Equal(new long[] { 16, 3, 3, 3 }, state["conv1.weight"].shape);
        Assert.Equal(new long[] { 32, 16, 1, 1 }, state["layer2.0.shortcut.0.weight"].shape);
        Assert.Equal(new long[] { 64 }, state["layer3.0.shortcut.1.running_var"].shape);
        Assert.Equal(new long[] { 64, 64, 3, 3 }, state["layer3.2.conv2.weight"].shape);
        Assert.Equal(new long[] { 10, 64 }, state["fc.weight"].shape);
        Assert.Contains("layer1.2.bn2.num_batches_tracked", state.Keys);
        Assert.DoesNotContain(state.Keys, k => k.StartsWith("layer1.0.shortcut", StringComparison.Ordinal) || k.StartsWith("layer2.1.shortcut", StringComparison.Ordinal));
    }

    [Fact]
    public void Same_spec_and_seed_give_identical_weights_and_another_seed_does_not()
    {
        Dictionary<string, float[]> Init(long seed)
        {
            TorchEnvironment.Seed(seed);
            using var m = ModelRegistry.Create("resnet:depth=8,width=0.5", Mnist);
            return m.Module.state_dict().Where(kv => kv.Value.dtype == ScalarType.Float32)
                .ToDictionary(kv => kv.Key, kv => kv.Value.data<float>().ToArray());
        }
        var a = Init(7);
        var b = Init(7);
        var c = Init(8);
        Assert.Equal(a.Keys, b.Keys);
        foreach (var key in a.Keys) Assert.Equal(a[key], b[key]);
        Assert.NotEqual(a["conv1.weight"], c["conv1.weight"]);
    }

    [Fact]
    public void Built_model_reports_canonical_spec_and_pytorch_equivalent()
    {
        using var model = ModelRegistry.Create("mlp", Mnist);
        Assert.Equal("mlp:depth=2,dropout=0,width=512", model.Spec);
        Assert.Equal("MLP(in_features=784, num_classes=10, depth=2, width=512, dropout=0.0)", model.PyTorchEquivalent);
        Assert.Equal(Mnist, model.Input);
        using var resnet = ModelRegistry.Create(ModelSpec.Parse("resnet:width=0.5,depth=8"), Cifar);
        Assert.Equal("resnet:depth=8,width=0.5", resnet.Spec);
        Assert.Equal("CifarResNet(in_channels=3, num_classes=10, depth=8, width=0.5)", resnet.PyTorchEquivalent);
        using var cnn = ModelRegistry.Create("cnn:bn=true,width=0.25", Cifar);
        Assert.Equal("VGG(in_channels=3, num_classes=10, blocks=3, width=0.25, bn=True, dropout=0.0)", cnn.PyTorchEquivalent);
    }

    [Fact]
    public void Inputs_a_model_cannot_take_are_rejected_with_advice()
    {
        var flat = InputShape.Flat(20, 3);
        foreach (var name in new[] { "cnn", "nin", "resnet" })
            Assert.Contains("use 'mlp'", Assert.Throws<ArgumentException>(() => ModelRegistry.Create(name, flat)).Message);
        var depth = Assert.Throws<ArgumentException>(() => ModelRegistry.Create("resnet:depth=21", Cifar));
        Assert.Contains("6n+2", depth.Message);
        Assert.Contains("got 21", depth.Message);
        var blocks = Assert.Throws<ArgumentException>(() => ModelRegistry.Create("cnn:blocks=5", Mnist));
        Assert.Contains("blocks <= 4", blocks.Message);
        Assert.Contains("odd", Assert.Throws<ArgumentException>(() => ModelRegistry.Create("nin:kernel=4", Mnist)).Message);
    }

    static void AssertState(IReadOnlyDictionary<string, long[]> expected, BuiltModel model)
    {
        var state = model.Module.state_dict();
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), state.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, shape) in expected) Assert.Equal(shape, state[name].shape);
    }
}
