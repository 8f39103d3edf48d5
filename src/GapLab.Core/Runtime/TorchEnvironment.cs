using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Runtime;

/// <summary>Applies <see cref="TorchSettings"/> (device, threads, seed) and reports the resolved environment.</summary>
public static class TorchEnvironment
{
    /// <summary>Loads TorchSharp, sets threads and seeds, and returns the resolved device and versions.</summary>
    public static RuntimeInfo Apply(TorchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Threads < 0) throw new ArgumentException($"threads must be >= 0 (0 = libtorch default), got {settings.Threads}.");
        TorchRuntime.EnsureLoaded();
        ResolveDevice(settings.Device);
        if (settings.Threads > 0) torch.set_num_threads(settings.Threads);
        SelfCheck.KernelSelfCheck.EnsureChecked();
        Seed(settings.Seed);
        return Current(settings.Device, settings.Seed);
    }

    /// <summary>The environment as it is (device resolved from <paramref name="requestedDevice"/>, current threads), changing nothing.</summary>
    public static RuntimeInfo Current(string requestedDevice, long seed)
    {
        var load = TorchRuntime.EnsureLoaded();
        var device = ResolveDevice(requestedDevice);
        var check = SelfCheck.KernelSelfCheck.Last;
        return new RuntimeInfo(
            requestedDevice,
            device.ToString(),
            torch.get_num_threads(),
            seed,
            TorchRuntime.TorchSharpVersion(),
            LibTorchVersion(),
            load.Mode,
            GapLabVersion(),
            RuntimeInformation.OSDescription,
            Environment.ProcessorCount,
            check?.Summary ?? "not run")
        {
            KernelCheckResult = check,
        };
    }

    /// <summary>Parses <c>auto|cpu|cuda|cuda:N</c>. <c>auto</c> picks CUDA when available, else CPU.</summary>
    public static Device ResolveDevice(string spec)
    {
        TorchRuntime.EnsureLoaded();
        string s = (spec ?? "auto").Trim().ToLowerInvariant();
        if (s == "auto") return TryCuda() ? torch.CUDA : torch.CPU;
        if (s == "cpu") return torch.CPU;
        if (s == "cuda" || s.StartsWith("cuda:", StringComparison.Ordinal))
        {
            int index = 0;
            if (s.Length > 5 && (!int.TryParse(s.AsSpan(5), out index) || index < 0))
                throw new ArgumentException($"Unknown device '{spec}': use auto, cpu, cuda or cuda:N with N >= 0.");
            if (!TryCuda())
                throw new ArgumentException($"Device '{spec}' requested but CUDA is not available: this build uses a CPU libtorch. " +
                                            "Build with -p:GapLabTorchBackend=libtorch-cuda-12.8-linux-x64 on a machine with an NVIDIA GPU, or set GAPLAB_LIBTORCH_DIR " +
                                            "to a CUDA libtorch lib folder, or use --device cpu.");
            int count = torch.cuda.device_count();
            if (index >= count) throw new ArgumentException($"Device '{spec}' requested but only {count} CUDA device(s) exist (cuda:0..cuda:{count - 1}).");
            return torch.device(DeviceType.CUDA, index);
        }
        throw new ArgumentException($"Unknown device '{spec}': use auto, cpu, cuda or cuda:N.");
    }

    static bool TryCuda()
    {
        try { return torch.cuda.is_available(); }
        catch (Exception) { return false; }
    }

    /// <summary>Seeds libtorch's global generator (CPU and CUDA). Data order and augmentation take explicit seeds.</summary>
    public static void Seed(long seed)
    {
        TorchRuntime.EnsureLoaded();
        torch.manual_seed(seed);
        if (TryCuda()) torch.cuda.manual_seed_all(seed);
    }

    /// <summary>The libtorch version TorchSharp was built against (e.g. 2.10.0).</summary>
    public static string LibTorchVersion()
    {
        var f = typeof(torch).GetField("__version__", BindingFlags.Public | BindingFlags.Static);
        if (f?.GetValue(null) is string v) return v;
        var p = typeof(torch).GetProperty("__version__", BindingFlags.Public | BindingFlags.Static);
        return p?.GetValue(null) as string ?? "unknown";
    }

    public static string GapLabVersion() => InformationalVersion()?.Split('+')[0] ?? "0.0.0";

    /// <summary>The git commit the GapLab build came from (the SDK appends it to the informational version), or null if unknown.</summary>
    public static string? GapLabCommit() => InformationalVersion()?.Split('+') is [_, var commit, ..] && commit.Length > 0 ? commit : null;

    static string? InformationalVersion() =>
        typeof(TorchEnvironment).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
}
