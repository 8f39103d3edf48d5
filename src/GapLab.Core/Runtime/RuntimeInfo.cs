namespace GapLab.Runtime;

/// <summary>Resolved execution environment, recorded with every result for provenance (<see cref="KernelCheck"/>: what the
/// self-check of libtorch's CPU kernels did, see <see cref="SelfCheck.KernelSelfCheck"/>).</summary>
public sealed record RuntimeInfo(
    string RequestedDevice,
    string Device,
    int Threads,
    long Seed,
    string TorchSharpVersion,
    string LibTorchVersion,
    string LoadMode,
    string GapLabVersion,
    string Os,
    int ProcessorCount,
    string KernelCheck = "not run")
{
    /// <summary>The start-up self-check of libtorch's CPU kernels, in full (null when it has not run in this process).</summary>
    public SelfCheck.KernelCheckResult? KernelCheckResult { get; init; }
}
