using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GapLab.Models;

/// <summary>
/// CIFAR-style ResNet (He et al. 2016, sec. 4.2): conv3x3(16w)-BN-ReLU, three stages of n <see cref="BasicBlock"/>s with
/// 16w/32w/64w channels (stride 2 at the start of stages 2 and 3), global average pool, linear <c>fc</c>; depth = 6n+2
/// (20, 32, 44, 56, 110). Projection (option B) shortcuts. Mirrors <c>CifarResNet</c> in bench/peers/gaplab_models.py.
/// </summary>
public sealed class CifarResNet : Module<Tensor, Tensor>
{
    readonly Module<Tensor, Tensor> conv1;
    readonly Module<Tensor, Tensor> bn1;
    readonly Module<Tensor, Tensor> layer1;
    readonly Module<Tensor, Tensor> layer2;
    readonly Module<Tensor, Tensor> layer3;
    readonly Module<Tensor, Tensor> pool;
    readonly Module<Tensor, Tensor> fc;

    public CifarResNet(int inChannels, int numClasses, int depth, double width) : base(nameof(CifarResNet))
    {
        if (depth < 8 || (depth - 2) % 6 != 0)
            throw new ArgumentException($"ResNet depth must be 6n+2 with n >= 1 (8, 14, 20, 32, 44, 56, 110), got {depth}.");
        int n = (depth - 2) / 6;
        long c = Math.Max(1, PythonLiteral.Round(16 * width));
        conv1 = Conv2d(inChannels, c, 3, stride: 1, padding: 1, bias: false);
        bn1 = BatchNorm2d(c);
        layer1 = Stage(c, c, n, 1);
        layer2 = Stage(c, 2 * c, n, 2);
        layer3 = Stage(2 * c, 4 * c, n, 2);
        pool = AdaptiveAvgPool2d(1);
        fc = Linear(4 * c, numClasses);
        RegisterComponents();
    }

    static Module<Tensor, Tensor> Stage(long inChannels, long outChannels, int blocks, long stride)
    {
        var list = new (string, Module<Tensor, Tensor>)[blocks];
        for (int i = 0; i < blocks; i++)
            list[i] = (i.ToString(), new BasicBlock(i == 0 ? inChannels : outChannels, outChannels, i == 0 ? stride : 1));
        return Sequential(list);
    }

    /// <summary>Input [N, C, H, W]; output logits [N, num_classes].</summary>
    public override Tensor forward(Tensor x)
    {
        using var c = conv1.call(x);
        using var b = bn1.call(c);
        using var r = functional.relu(b);
        using var l1 = layer1.call(r);
        using var l2 = layer2.call(l1);
        using var l3 = layer3.call(l2);
        using var p = pool.call(l3);
        using var flat = p.flatten(1);
        return fc.call(flat);
    }
}

/// <summary><c>resnet:depth=20,width=1</c>.</summary>
internal sealed class CifarResNetBuilder : IModelBuilder
{
    public ModelInfo Info { get; } = new("resnet", "CIFAR ResNet (depth 6n+2: 20, 32, 56) with 16/32/64*width channels and 1x1-conv projection shortcuts",
    [
        new ModelParameter("depth", ParameterKind.Integer, "20", "total layers, 6n+2 (n basic blocks per stage)", 8, 1202),
        new ModelParameter("width", ParameterKind.Real, "1", "channel multiplier: stages have round(16*width)*(1, 2, 4) channels", 0.0625, 64),
    ]);

    public Module<Tensor, Tensor> Build(ModelArguments a, InputShape input)
    {
        input.RequireImage(Info.Name);
        return new CifarResNet(input.Channels, input.NumClasses, a.Int("depth"), a.Real("width"));
    }

    public string PyTorchEquivalent(ModelArguments a, InputShape input) =>
        $"CifarResNet(in_channels={input.Channels}, num_classes={input.NumClasses}, depth={a.Int("depth")}, width={PythonLiteral.Float(a.Real("width"))})";
}
