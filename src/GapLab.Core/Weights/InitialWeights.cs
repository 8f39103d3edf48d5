using static TorchSharp.torch;

namespace GapLab.Weights;

/// <summary>
/// Checks that initial weights (for the distance-from-initialisation measures) belong to the measured model: every
/// parameter of the model is present with its shape, and any buffer present (e.g. batch-norm statistics) has its shape.
/// </summary>
public static class InitialWeights
{
    const int ListLimit = 5;

    /// <exception cref="InvalidDataException">Names or shapes differ; the one-line message lists the first few of each.</exception>
    public static void RequireMatch(nn.Module module, IReadOnlyDictionary<string, Tensor> init)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(init);
        var parameters = module.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape, StringComparer.Ordinal);
        var buffers = module.named_buffers().ToDictionary(b => b.name, b => b.buffer.shape, StringComparer.Ordinal);
        var missing = parameters.Keys.Where(k => !init.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var shapes = parameters.Concat(buffers)
            .Where(kv => init.TryGetValue(kv.Key, out var t) && !t.shape.SequenceEqual(kv.Value))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"{kv.Key} is [{string.Join(", ", init[kv.Key].shape)}] in them, [{string.Join(", ", kv.Value)}] in the model")
            .ToList();
        if (missing.Count == 0 && shapes.Count == 0) return;
        var parts = new List<string>();
        if (missing.Count > 0) parts.Add($"{missing.Count} of the model's {parameters.Count} parameters missing ({List(missing)})");
        if (shapes.Count > 0) parts.Add($"{shapes.Count} shape mismatch(es): {List(shapes)}");
        throw new InvalidDataException($"the initial weights do not match the model (names/shapes): {string.Join("; ", parts)}; " +
                                       "pass the .init.safetensors file saved with these weights.");
    }

    static string List(List<string> items) =>
        string.Join(", ", items.Take(ListLimit)) + (items.Count > ListLimit ? $", ... and {items.Count - ListLimit} more" : "");
}
