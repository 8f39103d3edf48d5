using GapLab.Runtime;
using TorchSharp;

namespace GapLab.Core.Tests.Cuda;

/// <summary>
/// A fact that runs only where a CUDA libtorch and a GPU are present (a CUDA backend package, or GAPLAB_LIBTORCH_DIR naming a CUDA
/// libtorch); elsewhere it is reported as skipped with the reason, never as passed.
/// </summary>
public sealed class CudaFactAttribute : FactAttribute
{
    static readonly Lazy<string?> Unavailable = new(() =>
    {
        try
        {
            TorchRuntime.EnsureLoaded();
            return torch.cuda.is_available()
                ? null
                : "no CUDA: this build loads a CPU libtorch (build with -p:GapLabTorchBackend=libtorch-cuda-12.8-linux-x64 or set " +
                  "GAPLAB_LIBTORCH_DIR to a CUDA libtorch lib folder, on a machine with an NVIDIA GPU)";
        }
        catch (Exception e) { return "no CUDA: libtorch did not load (" + e.Message + ")"; }
    });

    public CudaFactAttribute()
    {
        if (Unavailable.Value is { } reason) Skip = reason;
    }
}
