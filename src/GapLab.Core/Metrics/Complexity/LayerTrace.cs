using static TorchSharp.torch;

namespace GapLab.Metrics.Complexity;

/// <summary>
/// Input shapes of a model's modules from forward pre-hooks during one eval-mode pass of zeros (first call of each module).
/// TorchSharp runs hooks only for modules invoked through <c>call</c> (as every registry model does), not for a <c>forward</c> called
/// directly (user models may), so <see cref="InputShapeOf"/> falls back to the nearest traced enclosing module (the network input at the latest).
/// </summary>
public sealed class LayerTrace
{
    readonly Dictionary<string, long[]> _shapes;

    LayerTrace(Dictionary<string, long[]> shapes) => _shapes = shapes;

    /// <summary>Traces <paramref name="model"/> on zeros of <paramref name="batchShape"/> (e.g. [1, C, H, W]); restores the train/eval mode.</summary>
    public static LayerTrace Capture(nn.Module<Tensor, Tensor> model, long[] batchShape)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batchShape);
        var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal) { [""] = batchShape };
        var removers = new List<Action>();
        bool wasTraining = model.training;
        var device = model.parameters().FirstOrDefault()?.device ?? CPU;
        try
        {
            foreach (var (name, module) in model.named_modules())
            {
                if (module is not nn.Module<Tensor, Tensor> layer || name.Length == 0) continue;
                string key = name;
                var hook = layer.register_forward_pre_hook((_, input) =>
                {
                    shapes.TryAdd(key, input.shape);
                    return input;
                });
                removers.Add(hook.remove);
            }
            model.eval();
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            model.call(zeros(batchShape, device: device));
        }
        finally
        {
            foreach (var remove in removers) remove();
            model.train(wasTraining);
        }
        return new LayerTrace(shapes);
    }

    /// <summary>The traced input shape of module <paramref name="name"/>, or of its nearest traced ancestor; and whether it was traced itself.</summary>
    public (long[] Shape, bool Exact) InputShapeOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_shapes.TryGetValue(name, out var exact)) return (exact, true);
        for (string n = name; n.Length > 0;)
        {
            int dot = n.LastIndexOf('.');
            n = dot < 0 ? "" : n[..dot];
            if (_shapes.TryGetValue(n, out var s)) return (s, false);
        }
        return (_shapes[""], false);
    }
}
