using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GapLab.Metrics.Complexity;

/// <summary>
/// Folds every BatchNorm2d into the Conv2d before it: s = gamma / sqrt(var + eps), W' = W * s (per output channel),
/// b' = beta + s (b - mean) (b = 0 when the conv has no bias). Source: Dziugaite et al. 2020 measures.py "reparam"; spec metrics.md 2.1.
/// </summary>
/// <remarks>
/// Layers are found by module type, not by parameter name: with PyTorch naming a batch norm's parameters are e.g.
/// <c>features.1.weight</c>, so the reference's "name contains neither bias nor bn" rule would wrongly keep them. The weight list
/// is the weights of the Conv2d and Linear modules in <c>named_modules()</c> order. TorchSharp does not list modules in forward
/// order, so a BatchNorm2d pairs with its sibling Conv2d by name: <c>P.i</c> with <c>P.(i-1)</c> (Sequential), <c>P.bnK</c> with
/// <c>P.convK</c> (torchvision style). Each layer records its input shape from <see cref="LayerTrace"/> (one pass of zeros of
/// the batch shape, e.g. [1, C, H, W]) for the exact spectral norms. State dictionaries without batch-norm buffers (initial weights hold parameters only)
/// use the values of a freshly built layer: running mean 0, running variance 1.
/// </remarks>
public static class BatchNormFolding
{
    sealed record Entry(string Name, nn.Module Module, string Kind, long[] Stride, long[] InputShape)
    {
        public string? Norm;
        public BatchNorm2d? NormModule;
    }

    /// <summary>The folded weight layers of <paramref name="module"/> with its own current state, traced on inputs of <paramref name="batchShape"/>.</summary>
    public static FoldedNetwork Fold(nn.Module<Tensor, Tensor> module, long[] batchShape)
    {
        ArgumentNullException.ThrowIfNull(module);
        var state = module.state_dict();
        return Fold(module, state, batchShape);
    }

    /// <summary>
    /// The folded weight layers of <paramref name="module"/>'s architecture with values from <paramref name="state"/>
    /// (e.g. the initial parameters); missing batch-norm buffers default to mean 0, variance 1.
    /// </summary>
    /// <exception cref="InvalidDataException">A weight or batch-norm parameter is missing from <paramref name="state"/>.</exception>
    public static FoldedNetwork Fold(nn.Module<Tensor, Tensor> module, IReadOnlyDictionary<string, Tensor> state, long[] batchShape)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(state);
        var layers = new List<FoldedLayer>();
        try
        {
            using var noGrad = no_grad();
            foreach (var e in Plan(module, batchShape))
            {
                using var scope = NewDisposeScope();
                var w = Get(state, e.Name + ".weight").to(ScalarType.Float64, CPU);
                long outputs = w.shape[0];
                var b = state.TryGetValue(e.Name + ".bias", out var bias) ? bias.to(ScalarType.Float64, CPU) : zeros(outputs, ScalarType.Float64);
                if (e.Norm is { } bn)
                {
                    var gamma = Get(state, bn + ".weight").to(ScalarType.Float64, CPU);
                    var beta = Get(state, bn + ".bias").to(ScalarType.Float64, CPU);
                    var mean = state.TryGetValue(bn + ".running_mean", out var rm) ? rm.to(ScalarType.Float64, CPU) : zeros(outputs, ScalarType.Float64);
                    var variance = state.TryGetValue(bn + ".running_var", out var rv) ? rv.to(ScalarType.Float64, CPU) : ones(outputs, ScalarType.Float64);
                    var s = gamma / (variance + e.NormModule!.eps).sqrt();
                    w = w * s.reshape(outputs, 1, 1, 1);
                    b = beta + s * (b - mean);
                }
                // detached from every dispose scope: the FoldedNetwork owns them
                layers.Add(new FoldedLayer(e.Name, e.Kind, w.clone().DetachFromDisposeScope(), b.clone().DetachFromDisposeScope(), e.Norm, e.Stride, e.InputShape));
            }
        }
        catch
        {
            new FoldedNetwork(layers).Dispose();
            throw;
        }
        return new FoldedNetwork(layers);
    }

    /// <summary>
    /// Folds <paramref name="module"/> in place (for forward passes of the folded network): each Conv2d gets W' and bias 0,
    /// its BatchNorm2d keeps the folded bias b' as beta and becomes the identity otherwise (gamma 1, mean 0, var 1 - eps),
    /// so in eval mode the output is unchanged and every parameter is the folded one. Save a <c>StateSnapshot</c> first to undo.
    /// </summary>
    public static void FoldInPlace(nn.Module<Tensor, Tensor> module, long[] batchShape)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var noGrad = no_grad();
        foreach (var e in Plan(module, batchShape))
        {
            if (e.NormModule is not { } bn) continue;
            using var scope = NewDisposeScope();
            var conv = (Conv2d)e.Module;
            long outputs = conv.weight!.shape[0];
            var gamma = bn.weight!.to(ScalarType.Float64);
            var beta = bn.bias!.to(ScalarType.Float64);
            var mean = bn.running_mean!.to(ScalarType.Float64);
            var variance = bn.running_var!.to(ScalarType.Float64);
            var b = conv.bias is { } cb ? cb.to(ScalarType.Float64) : zeros(outputs, ScalarType.Float64, conv.weight.device);
            var s = gamma / (variance + bn.eps).sqrt();
            var folded = beta + s * (b - mean);
            conv.weight.mul_(s.reshape(outputs, 1, 1, 1).to(conv.weight.dtype));
            conv.bias?.zero_();
            bn.weight.fill_(1.0);
            bn.bias.copy_(folded);
            bn.running_mean.zero_();
            bn.running_var.fill_(1.0 - bn.eps);
        }
    }

    static Tensor Get(IReadOnlyDictionary<string, Tensor> state, string key) =>
        state.TryGetValue(key, out var t) ? t
            : throw new InvalidDataException($"The state has no tensor '{key}', which the model's architecture needs; " +
                                             $"it has {state.Count} tensors, e.g. {string.Join(", ", state.Keys.Take(5))}.");

    static List<Entry> Plan(nn.Module<Tensor, Tensor> module, long[] batchShape)
    {
        var trace = LayerTrace.Capture(module, batchShape);
        var modules = module.named_modules().ToList();
        var entries = new List<Entry>();
        foreach (var (name, m) in modules)
        {
            if (m is Conv2d conv) entries.Add(new Entry(name, conv, FoldedLayer.Conv2d, conv.stride, trace.InputShapeOf(name).Shape));
            else if (m is Linear linear) entries.Add(new Entry(name, linear, FoldedLayer.Linear, [1], trace.InputShapeOf(name).Shape));
            else if (m is not BatchNorm2d && !m.children().Any() && m.parameters().Any())
                throw new InvalidDataException($"Module '{name}' ({m.GetType().Name}) has parameters but is neither Conv2d, Linear nor BatchNorm2d; the complexity measures support only those.");
        }
        foreach (var (name, m) in modules)
        {
            if (m is not BatchNorm2d bn) continue;
            string? convName = PrecedingConvName(name);
            var entry = convName is null ? null : entries.FirstOrDefault(e => e.Name == convName);
            if (entry is null || entry.Module is not Conv2d c || entry.Norm is not null || c.weight!.shape[0] != bn.weight!.shape[0])
                throw new InvalidDataException($"BatchNorm2d '{name}' has no sibling Conv2d with {bn.weight!.shape[0]} output channels to fold into " +
                                               $"(looked for '{convName ?? "(none)"}': index i-1 in a Sequential, or convK for bnK).");
            entry.Norm = name;
            entry.NormModule = bn;
        }
        return entries;
    }

    /// <summary>"P.3" -> "P.2"; "P.bn2" -> "P.conv2"; otherwise null.</summary>
    static string? PrecedingConvName(string name)
    {
        int dot = name.LastIndexOf('.');
        string parent = dot < 0 ? "" : name[..(dot + 1)], local = name[(dot + 1)..];
        if (int.TryParse(local, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int i))
            return i > 0 ? parent + (i - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return local.StartsWith("bn", StringComparison.Ordinal) ? parent + "conv" + local[2..] : null;
    }
}
