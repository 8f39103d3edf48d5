using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GapLab.Models;

/// <summary>
/// VGG-like CNN: <c>blocks</c> x [conv3x3-(BN)-ReLU, conv3x3-(BN)-ReLU, maxpool2] with round(32*width)*2^b channels,
/// then global average pool, dropout and a linear classifier. Convolutions have no bias when batch norm follows.
/// Mirrors <c>VGG</c> in bench/peers/gaplab_models.py; state names <c>features.0.weight</c>, ..., <c>classifier.weight</c>.
/// </summary>
public sealed class VggNet : Module<Tensor, Tensor>
{
    readonly Module<Tensor, Tensor> features;
    readonly Module<Tensor, Tensor> pool;
    readonly Module<Tensor, Tensor> dropout;
    readonly Module<Tensor, Tensor> classifier;

    public VggNet(int inChannels, int numClasses, int blocks, double width, bool batchNorm, double dropout) : base(nameof(VggNet))
    {
        var list = new List<(string, Module<Tensor, Tensor>)>();
        void Add(Module<Tensor, Tensor> m) => list.Add((list.Count.ToString(), m));
        long cIn = inChannels;
        int baseChannels = Math.Max(1, PythonLiteral.Round(32 * width));
        for (int b = 0; b < blocks; b++)
        {
            long c = (long)baseChannels << b;
            for (int j = 0; j < 2; j++)
            {
                Add(Conv2d(cIn, c, 3, padding: 1, bias: !batchNorm));
                if (batchNorm) Add(BatchNorm2d(c));
                Add(ReLU());
                cIn = c;
            }
            Add(MaxPool2d(2));
        }
        features = Sequential(list.ToArray());
        pool = AdaptiveAvgPool2d(1);
        this.dropout = Dropout(dropout);
        classifier = Linear(cIn, numClasses);
        RegisterComponents();
    }

    /// <summary>Input [N, C, H, W]; output logits [N, num_classes].</summary>
    public override Tensor forward(Tensor x)
    {
        using var f = features.call(x);
        using var p = pool.call(f);
        using var flat = p.flatten(1);
        using var d = dropout.call(flat);
        return classifier.call(d);
    }
}

/// <summary><c>cnn:blocks=3,bn=false,dropout=0,width=1</c>.</summary>
internal sealed class VggNetBuilder : IModelBuilder
{
    public ModelInfo Info { get; } = new("cnn", "VGG-like CNN: blocks of two 3x3 convs and a 2x2 max pool, global average pool, linear head",
    [
        new ModelParameter("blocks", ParameterKind.Integer, "3", "number of [conv, conv, maxpool] blocks; channels double per block", 1, 8),
        new ModelParameter("bn", ParameterKind.Boolean, "false", "batch norm after every convolution"),
        new ModelParameter("dropout", ParameterKind.Real, "0", "dropout probability before the classifier", 0, 0.99),
        new ModelParameter("width", ParameterKind.Real, "1", "channel multiplier: block b has round(32*width)*2^b channels", 0.01, 64),
    ]);

    public Module<Tensor, Tensor> Build(ModelArguments a, InputShape input)
    {
        input.RequireImage(Info.Name);
        int blocks = a.Int("blocks");
        if ((Math.Min(input.Height, input.Width) >> blocks) < 1)
            throw new ArgumentException($"Model 'cnn' with blocks={blocks} halves {input.Height}x{input.Width} input {blocks} times to nothing; " +
                                        $"use blocks <= {(int)Math.Floor(Math.Log2(Math.Min(input.Height, input.Width)))}.");
        return new VggNet(input.Channels, input.NumClasses, blocks, a.Real("width"), a.Bool("bn"), a.Real("dropout"));
    }

    public string PyTorchEquivalent(ModelArguments a, InputShape input) =>
        $"VGG(in_channels={input.Channels}, num_classes={input.NumClasses}, blocks={a.Int("blocks")}, width={PythonLiteral.Float(a.Real("width"))}, " +
        $"bn={PythonLiteral.Bool(a.Bool("bn"))}, dropout={PythonLiteral.Float(a.Real("dropout"))})";
}
