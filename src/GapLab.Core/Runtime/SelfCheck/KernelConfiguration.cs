namespace GapLab.Runtime.SelfCheck;

/// <summary>
/// A choice of libtorch CPU backends GapLab can switch to at run time: <c>onednn</c> (libtorch's default: oneDNN
/// convolutions) or <c>aten</c> (oneDNN off, so ATen's own im2col + GEMM convolutions run). NNPACK stays off in both: on CPUs
/// it supports, oneDNN is preferred anyway; on the others it only prints "Could not initialize NNPACK" on every convolution.
/// </summary>
public sealed record KernelConfiguration(string Name, string Description, bool OneDnn)
{
    public static KernelConfiguration OneDnnConvolutions { get; } = new("onednn", "oneDNN convolutions (libtorch default)", OneDnn: true);
    public static KernelConfiguration AtenConvolutions { get; } = new("aten", "ATen convolutions (oneDNN off)", OneDnn: false);

    /// <summary>In the order the self-check tries them.</summary>
    public static IReadOnlyList<KernelConfiguration> All { get; } = [OneDnnConvolutions, AtenConvolutions];

    /// <summary>Sets libtorch's process-wide switches to this configuration.</summary>
    public void Apply()
    {
        if (!LibTorchContext.Available)
        {
            if (!OneDnn) throw new TorchRuntimeException("This libtorch does not let GapLab turn oneDNN off (no at::Context switches exported).");
            return;
        }
        LibTorchContext.NnpackEnabled = false;
        LibTorchContext.OneDnnEnabled = OneDnn;
    }

    /// <summary>The configuration named <paramref name="name"/> (onednn or aten), or an error listing the names.</summary>
    public static KernelConfiguration Parse(string name) =>
        All.FirstOrDefault(c => string.Equals(c.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown kernel configuration '{name}': accepted {string.Join(", ", All.Select(c => c.Name))} (or auto).");
}
