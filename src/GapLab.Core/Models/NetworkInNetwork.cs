using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GapLab.Models;

/// <summary>
/// Network-in-Network as in the PGDL / Jiang et al. (2020) and Dziugaite et al. (2020) model populations:
/// <c>depth</c> blocks of [conv kxk stride 2 - (BN) - ReLU, conv1x1 - (BN) - ReLU, conv1x1 - (BN) - ReLU, Dropout],
/// all with <c>width</c> channels, then a 1x1 conv to the classes and global average pooling.
/// Mirrors <c>NiN</c> in bench/peers/gaplab_models.py; state names <c>features.0.weight</c>, ..., <c>head.weight</c>.
/// </summary>
public sealed class NetworkInNetwork : Module<Tensor, Tensor>
{
    readonly Module<Tensor, Tensor> features;
    readonly Module<Tensor, Tensor> head;
    readonly Module<Tensor, Tensor> pool;

    public NetworkInNetwork(int inChannels, int numClasses, int depth, int width, int kernel, bool batchNorm, double dropout) : base(nameof(NetworkInNetwork))
    {
        var list = new List<(string, Module<Tensor, Tensor>)>();
        void Add(Module<Tensor, Tensor> m) => list.Add((list.Count.ToString(), m));
        long cIn = inChannels;
        for (int b = 0; b < depth; b++)
        {
            Add(Conv2d(cIn, width, kernel, stride: 2, padding: kernel / 2, bias: !batchNorm));
            if (batchNorm) Add(BatchNorm2d(width));
            Add(ReLU());
            for (int j = 0; j < 2; j++)
            {
                Add(Conv2d(width, width, 1, bias: !batchNorm));
                if (batchNorm) Add(BatchNorm2d(width));
                Add(ReLU());
            }
            Add(Dropout(dropout));
            cIn = width;
        }
        features = Sequential(list.ToArray());
        head = Conv2d(cIn, numClasses, 1);
        pool = AdaptiveAvgPool2d(1);
        RegisterComponents();
    }

    /// <summary>Input [N, C, H, W]; output logits [N, num_classes].</summary>
    public override Tensor forward(Tensor x)
    {
        using var f = features.call(x);
        using var h = head.call(f);
        using var p = pool.call(h);
        return p.flatten(1);
    }
}

/// <summary><c>nin:bn=true,depth=3,dropout=0,kernel=3,width=96</c>.</summary>
internal sealed class NetworkInNetworkBuilder : IModelBuilder
{
    public ModelInfo Info { get; } = new("nin", "Network-in-Network: blocks of a strided kxk conv and two 1x1 convs, 1x1 conv to classes, global average pool",
    [
        new ModelParameter("bn", ParameterKind.Boolean, "true", "batch norm after every convolution of the blocks"),
        new ModelParameter("depth", ParameterKind.Integer, "3", "number of NiN blocks (each halves the resolution)", 1, 16),
        new ModelParameter("dropout", ParameterKind.Real, "0", "dropout probability at the end of each block", 0, 0.99),
        new ModelParameter("kernel", ParameterKind.Integer, "3", "odd kernel size of the first conv of each block", 1, 11),
        new ModelParameter("width", ParameterKind.Integer, "96", "channels of every conv in the blocks", 1, 4096),
    ]);

    public Module<Tensor, Tensor> Build(ModelArguments a, InputShape input)
    {
        input.RequireImage(Info.Name);
        int kernel = a.Int("kernel");
        if (kernel % 2 == 0) throw new ArgumentException($"Model 'nin': kernel must be odd (1, 3, 5, ...), got {kernel}.");
        return new NetworkInNetwork(input.Channels, input.NumClasses, a.Int("depth"), a.Int("width"), kernel, a.Bool("bn"), a.Real("dropout"));
    }

    public string PyTorchEquivalent(ModelArguments a, InputShape input) =>
        $"NiN(in_channels={input.Channels}, num_classes={input.NumClasses}, depth={a.Int("depth")}, width={a.Int("width")}, " +
        $"kernel={a.Int("kernel")}, bn={PythonLiteral.Bool(a.Bool("bn"))}, dropout={PythonLiteral.Float(a.Real("dropout"))})";
}
