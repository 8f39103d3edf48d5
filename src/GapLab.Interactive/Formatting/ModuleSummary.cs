using GapLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Interactive.Formatting;

/// <summary>One row of a module's layer table: dotted path, TorchSharp type, output shape (when an example input ran) and own parameter count.</summary>
public sealed record ModuleLayer(string Name, string Type, long[]? OutputShape, long Parameters, int Depth)
{
    public string OutputShapeText => OutputShape is null ? "—" : "[" + string.Join(", ", OutputShape) + "]";
}

/// <summary>
/// The layer table of a TorchSharp module: every sub-module (depth-first, in registration order), its directly owned parameter count, and the
/// output shape recorded by forward hooks while <c>exampleInput</c> ran through the model in no-grad mode. Totals count every
/// parameter once.
/// </summary>
public sealed record ModuleSummary(string Type, IReadOnlyList<ModuleLayer> Layers, long TotalParameters, long TrainableParameters, long[]? InputShape)
{
    public static ModuleSummary Of(nn.Module module, Tensor? exampleInput = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        TorchRuntime.EnsureLoaded();
        var shapes = exampleInput is null ? new Dictionary<nn.Module, long[]>() : RecordOutputShapes(module, exampleInput);
        var layers = new List<ModuleLayer>();
        AddChildren(module, "", 0);
        var all = module.parameters().ToList();
        return new ModuleSummary(
            module.GetType().Name,
            layers,
            all.Sum(p => p.numel()),
            all.Where(p => p.requires_grad).Sum(p => p.numel()),
            exampleInput?.shape);

        void AddChildren(nn.Module parent, string prefix, int depth)
        {
            foreach (var (name, child) in parent.named_children())
            {
                long own = child.named_parameters(recurse: false).Sum(p => p.Item2.numel());
                layers.Add(new ModuleLayer(prefix + name, child.GetType().Name, shapes.GetValueOrDefault(child), own, depth));
                AddChildren(child, prefix + name + ".", depth + 1);
            }
        }
    }

    static Dictionary<nn.Module, long[]> RecordOutputShapes(nn.Module root, Tensor input)
    {
        if (root is not nn.Module<Tensor, Tensor> callable)
            throw new ArgumentException($"Output shapes need a Module<Tensor, Tensor>; {root.GetType().Name} takes other inputs. Omit the example input.");
        var shapes = new Dictionary<nn.Module, long[]>(ReferenceEqualityComparer.Instance);
        var removers = new List<Action>();
        foreach (var (_, m) in root.named_modules())
            if (m is nn.Module<Tensor, Tensor> hookable)
                removers.Add(hookable.register_forward_hook((self, _, output) => { shapes[self] = output.shape; return output; }).remove);
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            bool wasTraining = root.training;
            root.eval();
            try { callable.call(input); }
            finally { if (wasTraining) root.train(); }
        }
        finally
        {
            foreach (var remove in removers) remove();
        }
        return shapes;
    }
}
