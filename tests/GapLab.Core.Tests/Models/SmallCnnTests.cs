using GapLab.Models;
using GapLab.Runtime;
using static TorchSharp.torch;

namespace GapLab.Core.Tests.Models;

public class SmallCnnTests
{
    public SmallCnnTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void ParameterCountMatchesThePyTorchMnistExampleNet()
    {
        // conv1 32*1*9+32 = 320; conv2 64*32*9+64 = 18,496; fc1 (64*12*12)*128+128 = 1,179,776; fc2 128*10+10 = 1,290
        using var built = ModelRegistry.Create("smallcnn", new InputShape(1, 28, 28, 10));
        Assert.Equal(320 + 18_496 + 1_179_776 + 1_290, built.ParameterCount);
        Assert.Equal(1_199_882, built.ParameterCount);
        Assert.Equal("smallcnn:hidden=128,width=1", built.Spec);
        Assert.Equal(new[] { "conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias" },
            built.Module.named_parameters().Select(p => p.name));
    }

    [Fact]
    public void ForwardGivesLogitsPerClassAndSmallImagesAreRejected()
    {
        using var scope = NewDisposeScope();
        // 3x32x32, width 0.5, hidden 16: conv 16 then 32 channels, 32*14*14 = 6,272 features into fc1
        using var built = ModelRegistry.Create("smallcnn:width=0.5,hidden=16", new InputShape(3, 32, 32, 7));
        Assert.Equal(3 * 16 * 9 + 16 + 16 * 32 * 9 + 32 + 6_272 * 16 + 16 + 16 * 7 + 7, built.ParameterCount);
        var y = built.Module.forward(zeros(5, 3, 32, 32));
        Assert.Equal(new long[] { 5, 7 }, y.shape);
        var e = Assert.Throws<ArgumentException>(() => ModelRegistry.Create("smallcnn", new InputShape(1, 5, 5, 10)));
        Assert.Contains("5x5", e.Message);
    }
}
