using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GapLab.Models;

/// <summary>
/// The small CNN of PyTorch's MNIST example: conv3x3(C, 32w)-ReLU, conv3x3(32w, 64w)-ReLU (no padding), 2x2 max pool,
/// flatten, linear(hidden)-ReLU, linear(num_classes). For 1x28x28 input at width 1: 9,216 features into fc1.
/// Mirrors <c>SmallCNN</c> in bench/peers/gaplab_models.py; state names <c>conv1.*</c>, <c>conv2.*</c>, <c>fc1.*</c>, <c>fc2.*</c>.
/// </summary>
public sealed class SmallCnn : Module<Tensor, Tensor>
{
    readonly Module<Tensor, Tensor> conv1, conv2, fc1, fc2, relu, pool;

    public SmallCnn(int inChannels, int height, int width, int numClasses, double widthMultiplier, int hidden) : base(nameof(SmallCnn))
    {
        long c1 = Math.Max(1, PythonLiteral.Round(32 * widthMultiplier)), c2 = Math.Max(1, PythonLiteral.Round(64 * widthMultiplier));
        conv1 = Conv2d(inChannels, c1, 3);
        conv2 = Conv2d(c1, c2, 3);
        relu = ReLU();
        pool = MaxPool2d(2);
        fc1 = Linear(c2 * ((height - 4) / 2) * ((width - 4) / 2), hidden);
        fc2 = Linear(hidden, numClasses);
        RegisterComponents();
    }

    /// <summary>Input [N, C, H, W]; output logits [N, num_classes].</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = pool.call(relu.call(conv2.call(relu.call(conv1.call(x))))).flatten(1);
        return fc2.call(relu.call(fc1.call(h))).MoveToOuterDisposeScope();
    }
}

/// <summary><c>smallcnn:hidden=128,width=1</c>.</summary>
internal sealed class SmallCnnBuilder : IModelBuilder
{
    public ModelInfo Info { get; } = new("smallcnn", "PyTorch MNIST-example CNN: two 3x3 convs (32, 64 channels), 2x2 max pool, a 128-unit hidden layer, linear head",
    [
        new ModelParameter("hidden", ParameterKind.Integer, "128", "units of the hidden fully connected layer", 1, 1 << 16),
        new ModelParameter("width", ParameterKind.Real, "1", "channel multiplier: convs have round(32*width) and round(64*width) channels", 0.01, 64),
    ]);

    public Module<Tensor, Tensor> Build(ModelArguments a, InputShape input)
    {
        input.RequireImage(Info.Name);
        if (input.Height < 6 || input.Width < 6)
            throw new ArgumentException($"Model 'smallcnn' needs images of at least 6x6 (two unpadded 3x3 convs and a 2x2 pool), got {input.Height}x{input.Width}.");
        return new SmallCnn(input.Channels, input.Height, input.Width, input.NumClasses, a.Real("width"), a.Int("hidden"));
    }

    public string PyTorchEquivalent(ModelArguments a, InputShape input) =>
        $"SmallCNN(in_channels={input.Channels}, height={input.Height}, width={input.Width}, num_classes={input.NumClasses}, " +
        $"hidden={a.Int("hidden")}, width_multiplier={PythonLiteral.Float(a.Real("width"))})";
}
