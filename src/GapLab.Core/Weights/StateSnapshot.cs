using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Weights;

/// <summary>
/// A deep copy of a module's state dict (detached CPU clones, outside any dispose scope), e.g. the initial weights of a
/// trained model for distance-from-initialisation measures. <see cref="Restore"/> writes it back; disposing frees the copies.
/// </summary>
public sealed class StateSnapshot : IDisposable
{
    readonly Dictionary<string, Tensor> _tensors;
    bool _disposed;

    StateSnapshot(Dictionary<string, Tensor> tensors) => _tensors = tensors;

    /// <summary>Copies every parameter and buffer of <paramref name="module"/>.</summary>
    public static StateSnapshot Capture(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var copies = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        using var noGrad = no_grad();
        foreach (var (name, t) in module.state_dict())
        {
            using var detached = t.detach();
            var copy = detached.device_type == DeviceType.CPU ? detached.clone() : detached.cpu();
            copies[name] = copy.DetachFromDisposeScope();
        }
        return new StateSnapshot(copies);
    }

    /// <summary>The copied tensors by state-dict name (CPU). Valid until the snapshot is disposed.</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _tensors;
        }
    }

    /// <summary>Copies the snapshot into <paramref name="module"/> (on its device); names and shapes must match exactly.</summary>
    public void Restore(nn.Module module)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        StateDictLoader.Apply(module, _tensors, strict: true, "the state snapshot");
    }

    /// <summary>Writes the snapshot as a safetensors file.</summary>
    public void Save(string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Safetensors.Save(path, _tensors, metadata);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var t in _tensors.Values) t.Dispose();
        _tensors.Clear();
    }
}
