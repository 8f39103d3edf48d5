using static TorchSharp.torch;

namespace GapLab.Weights;

/// <summary>
/// Copies named tensors into a module's state dict in place, after checking names and shapes like PyTorch's
/// <c>load_state_dict</c>: shape mismatches always fail; missing and unexpected keys fail when strict.
/// </summary>
internal static class StateDictLoader
{
    const int ListLimit = 20;

    public static void Apply(nn.Module module, IReadOnlyDictionary<string, Tensor> source, bool strict, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(source);
        var target = module.state_dict();
        var missing = target.Keys.Where(k => !source.ContainsKey(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        var unexpected = source.Keys.Where(k => !target.ContainsKey(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        var shapes = target.Where(kv => source.TryGetValue(kv.Key, out var s) && !s.shape.SequenceEqual(kv.Value.shape))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"{kv.Key} expected {Shape(kv.Value)} found {Shape(source[kv.Key])}")
            .ToList();
        if (shapes.Count > 0 || strict && (missing.Count > 0 || unexpected.Count > 0))
        {
            var parts = new List<string>();
            if (missing.Count > 0) parts.Add($"{missing.Count} missing key(s) (in the model, not in {sourceName}): {List(missing)}");
            if (unexpected.Count > 0) parts.Add($"{unexpected.Count} unexpected key(s) (in {sourceName}, not in the model): {List(unexpected)}");
            if (shapes.Count > 0) parts.Add($"{shapes.Count} shape mismatch(es): {List(shapes)}");
            throw new InvalidDataException($"Cannot load {sourceName} into {module.GetName()}: {string.Join("; ", parts)}." +
                                           (shapes.Count == 0 ? " Pass strict: false to load the matching keys only." : ""));
        }
        using var noGrad = no_grad();
        foreach (var (name, t) in target)
            if (source.TryGetValue(name, out var s))
                t.copy_(s);
    }

    static string Shape(Tensor t) => $"[{string.Join(", ", t.shape)}]";

    static string List(List<string> items) =>
        string.Join(", ", items.Take(ListLimit)) + (items.Count > ListLimit ? $", ... and {items.Count - ListLimit} more" : "");
}
