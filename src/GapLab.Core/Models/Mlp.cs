using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GapLab.Models;

/// <summary>
/// Multi-layer perceptron: flatten, then <c>depth</c> x [Linear(width), ReLU, Dropout], then Linear(num_classes).
/// Mirrors <c>MLP</c> in bench/peers/gaplab_models.py; state names <c>layers.0.weight</c>, <c>layers.3.weight</c>, ...
/// </summary>
public sealed class Mlp : Module<Tensor, Tensor>
{
    readonly Module<Tensor, Tensor> layers;

    public Mlp(int inFeatures, int numClasses, int depth, int width, double dropout) : base(nameof(Mlp))
    {
        var list = new List<(string, Module<Tensor, Tensor>)>();
        long d = inFeatures;
        for (int i = 0; i < depth; i++)
        {
            list.Add((list.Count.ToString(), Linear(d, width)));
            list.Add((list.Count.ToString(), ReLU()));
            list.Add((list.Count.ToString(), Dropout(dropout)));
            d = width;
        }
        list.Add((list.Count.ToString(), Linear(d, numClasses)));
        layers = Sequential(list.ToArray());
        RegisterComponents();
    }

    /// <summary>Input [N, C, H, W] or [N, D]; output logits [N, num_classes].</summary>
    public override Tensor forward(Tensor x)
    {
        using var flat = x.flatten(1);
        return layers.call(flat);
    }
}

/// <summary><c>mlp:depth=2,dropout=0,width=512</c>.</summary>
internal sealed class MlpBuilder : IModelBuilder
{
    public ModelInfo Info { get; } = new("mlp", "Fully connected ReLU network on flattened input",
    [
        new ModelParameter("depth", ParameterKind.Integer, "2", "number of hidden layers", 0, 64),
        new ModelParameter("dropout", ParameterKind.Real, "0", "dropout probability after each hidden ReLU", 0, 0.99),
        new ModelParameter("width", ParameterKind.Integer, "512", "units per hidden layer", 1, 1 << 20),
    ]);

    public Module<Tensor, Tensor> Build(ModelArguments a, InputShape input) =>
        new Mlp(input.Features, input.NumClasses, a.Int("depth"), a.Int("width"), a.Real("dropout"));

    public string PyTorchEquivalent(ModelArguments a, InputShape input) =>
        $"MLP(in_features={input.Features}, num_classes={input.NumClasses}, depth={a.Int("depth")}, width={a.Int("width")}, dropout={PythonLiteral.Float(a.Real("dropout"))})";
}
