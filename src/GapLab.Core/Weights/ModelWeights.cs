using GapLab.Models;
using static TorchSharp.torch;

namespace GapLab.Weights;

/// <summary>
/// Saves and loads module weights. The format follows the extension: <c>.safetensors</c> (portable, with metadata,
/// readable by PyTorch's safetensors package) or <c>.dat</c>/<c>.pt</c> (TorchSharp's own format via <c>Module.save</c>;
/// not PyTorch pickle). Safetensors files of a <see cref="BuiltModel"/> record its spec so <see cref="LoadModel(string)"/>
/// can rebuild the model from the file alone.
/// </summary>
public static class ModelWeights
{
    /// <summary>Metadata key holding the canonical model spec.</summary>
    public const string SpecKey = "gaplab.spec";
    /// <summary>Metadata key holding the <see cref="InputShape"/> the model was built for (<c>CxHxW-&gt;K</c>).</summary>
    public const string InputKey = "gaplab.input";

    static readonly string[] TorchSharpExtensions = [".dat", ".pt"];
    const string SafetensorsExtension = ".safetensors";

    /// <summary>
    /// Fails with "the weights of <paramref name="owner"/> contain NaN/Inf (the run diverged)" when any parameter or buffer of
    /// <paramref name="module"/> is not finite: every measure of such a model is meaningless, and libtorch's SVD would fail on it.
    /// </summary>
    public static void RequireFinite(nn.Module module, string owner)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var scope = NewDisposeScope();
        foreach (var (name, tensor) in module.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).Concat(module.named_buffers()))
        {
            if (!tensor.is_floating_point() || tensor.isfinite().all().item<bool>()) continue;
            long bad = tensor.numel() - tensor.isfinite().sum().item<long>();
            throw new InvalidDataException($"the weights of {owner} contain NaN/Inf ({bad} of {tensor.numel()} values of '{name}'): the run diverged; " +
                                           "retrain it (e.g. with a lower learning rate) or leave it out.");
        }
    }

    /// <summary>Saves the state dict of <paramref name="module"/>; <paramref name="metadata"/> is kept only in safetensors files.</summary>
    public static void Save(nn.Module module, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        if (IsSafetensors(path))
        {
            var meta = new Dictionary<string, string>(StringComparer.Ordinal) { ["format"] = "pt" };
            foreach (var (k, v) in metadata ?? new Dictionary<string, string>()) meta[k] = v;
            Safetensors.Save(path, module.state_dict(), meta);
            return;
        }
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        module.save(path);
    }

    /// <summary>Saves <paramref name="model"/>'s weights with its spec and input shape in the metadata (safetensors).</summary>
    public static void Save(BuiltModel model, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in metadata ?? new Dictionary<string, string>()) meta[k] = v;
        meta[SpecKey] = model.Spec;
        meta[InputKey] = model.Input.ToString();
        Save(model.Module, path, meta);
    }

    /// <summary>
    /// Loads weights from <paramref name="path"/> into <paramref name="module"/> in place (on the module's device).
    /// Shape mismatches always fail; missing or unexpected keys fail when <paramref name="strict"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">Keys or shapes do not match; the message lists them.</exception>
    public static void Load(nn.Module module, string path, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(module);
        if (!File.Exists(path)) throw new FileNotFoundException($"Weights file '{path}' does not exist.", path);
        if (IsSafetensors(path))
        {
            var (tensors, _) = Safetensors.Load(path);
            try { StateDictLoader.Apply(module, tensors, strict, $"'{path}'"); }
            finally { foreach (var t in tensors.Values) t.Dispose(); }
            return;
        }
        try { module.load(path, strict); }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or EndOfStreamException)
        {
            throw new InvalidDataException($"Cannot load TorchSharp weights '{path}' into {module.GetName()}: {ex.Message}", ex);
        }
    }

    /// <summary>Rebuilds the model recorded in the metadata of <paramref name="path"/> for <paramref name="input"/> and loads its weights.</summary>
    public static BuiltModel LoadModel(string path, InputShape input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var meta = ReadModelMetadata(path);
        if (meta.TryGetValue(InputKey, out var stored) && InputShape.Parse(stored) != input)
            throw new InvalidDataException($"Weights '{path}' were saved for input {stored}, not {input}.");
        return Rebuild(path, meta[SpecKey], input);
    }

    /// <summary>Rebuilds the model recorded in the metadata of <paramref name="path"/> for the input shape recorded there.</summary>
    public static BuiltModel LoadModel(string path)
    {
        var meta = ReadModelMetadata(path);
        if (!meta.TryGetValue(InputKey, out var stored))
            throw new InvalidDataException($"Weights '{path}' record no '{InputKey}'; call LoadModel(path, input) with the input shape.");
        return Rebuild(path, meta[SpecKey], InputShape.Parse(stored));
    }

    static Dictionary<string, string> ReadModelMetadata(string path)
    {
        if (!IsSafetensors(path))
            throw new ArgumentException($"Only {SafetensorsExtension} files record the model spec; '{path}' is a TorchSharp file. " +
                                        "Build the model with ModelRegistry.Create(spec, input) and call ModelWeights.Load.");
        if (!File.Exists(path)) throw new FileNotFoundException($"Weights file '{path}' does not exist.", path);
        var meta = Safetensors.ReadMetadata(path);
        if (!meta.ContainsKey(SpecKey))
            throw new InvalidDataException($"Weights '{path}' have no '{SpecKey}' metadata; build the model with ModelRegistry.Create(spec, input) and call ModelWeights.Load.");
        return meta;
    }

    static BuiltModel Rebuild(string path, string spec, InputShape input)
    {
        var model = ModelRegistry.Create(spec, input);
        try { Load(model.Module, path, strict: true); }
        catch { model.Dispose(); throw; }
        return model;
    }

    static bool IsSafetensors(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext == SafetensorsExtension) return true;
        if (TorchSharpExtensions.Contains(ext)) return false;
        throw new ArgumentException($"Weights file '{path}' has extension '{ext}'; use {SafetensorsExtension} or TorchSharp's {string.Join(" / ", TorchSharpExtensions)}.");
    }
}
