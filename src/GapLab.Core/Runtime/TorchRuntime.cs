using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using TorchSharp;

namespace GapLab.Runtime;

/// <summary>
/// Makes TorchSharp usable before any tensor is created. On Linux, when the bundled libLibTorchSharp.so cannot be
/// loaded because the system libstdc++ lacks a GLIBCXX version it asks for (Debian 12 lacks GLIBCXX_3.4.32), it writes a
/// private copy with that requirement marked weak (see <see cref="ElfVersionNeedPatcher"/>) into the user cache and loads
/// it. The NuGet cache is never modified. Call <see cref="EnsureLoaded"/> first; it is idempotent and thread-safe.
/// </summary>
public static class TorchRuntime
{
    /// <summary>The only GLIBCXX version libLibTorchSharp 0.107 needs beyond Debian 12 (used by no relocation).</summary>
    public const string WeakenedVersion = "GLIBCXX_3.4.32";
    const string NativeName = "LibTorchSharp";
    const string NativeFile = "libLibTorchSharp.so";

    static readonly object Gate = new();
    static TorchLoadReport? _report;

    /// <summary>How TorchSharp's native library was made loadable in this process (null before <see cref="EnsureLoaded"/>).</summary>
    public static TorchLoadReport? Report => _report;

    /// <summary>The libtorch <c>lib</c> folder GapLab loaded libtorch from (null where TorchSharp found it on its own).</summary>
    public static string? LibTorchDirectory { get; private set; }

    /// <summary>Loads TorchSharp's native backend, applying the libstdc++ work-around only when needed.</summary>
    public static TorchLoadReport EnsureLoaded()
    {
        if (_report is not null) return _report;
        lock (Gate)
        {
            if (_report is not null) return _report;
            _report = Load();
            return _report;
        }
    }

    static TorchLoadReport Load()
    {
        if (!OperatingSystem.IsLinux())
        {
            torch.InitializeDeviceType(DeviceType.CPU);
            return new TorchLoadReport("native", null, null);
        }
        string? original = FindTorchSharpNative();
        if (original is null)
        {
            // Let TorchSharp search on its own; if it fails its message lists where it looked.
            torch.InitializeDeviceType(DeviceType.CPU);
            return new TorchLoadReport("native", null, null);
        }
        string? named = LibTorchDirFromEnvironment();
        string libtorchDir = named ?? FindLibTorchDir(Path.GetDirectoryName(original)!)
            ?? throw new TorchRuntimeException(
                $"GapLab could not find libtorch next to {original} or in the NuGet package folder. " +
                "Reference the libtorch-cpu-linux-x64 (or a CUDA libtorch) package and rebuild.");
        PreloadLibTorch(libtorchDir, namedByUser: named is not null);
        LibTorchDirectory = libtorchDir;

        if (NativeLibrary.TryLoad(original, out var handle))
        {
            InstallResolver(handle);
            torch.InitializeDeviceType(DeviceType.CPU);
            return new TorchLoadReport("native", original, null);
        }
        string why = LastLoadError(original);
        if (!why.Contains("GLIBCXX_", StringComparison.Ordinal))
            throw new TorchRuntimeException($"GapLab could not load {original}: {why}");

        string patched = WritePatchedCopy(original);
        if (!NativeLibrary.TryLoad(patched, out handle))
            throw new TorchRuntimeException(
                $"GapLab could not load {NativeFile} even after marking {WeakenedVersion} weak in a private copy ({patched}): " +
                $"{LastLoadError(patched)}. The system libstdc++ is too old for TorchSharp: install a newer libstdc++6 " +
                "(GCC 13 or later, e.g. from Debian testing or the ubuntu-toolchain PPA) or run on a distribution that ships it.");
        InstallResolver(handle);
        torch.InitializeDeviceType(DeviceType.CPU);
        return new TorchLoadReport("patched-weak-glibcxx", original, patched);
    }

    static void InstallResolver(IntPtr handle)
    {
        NativeLibrary.SetDllImportResolver(typeof(torch).Assembly, (name, _, _) =>
            name == NativeName || name == NativeFile ? handle : IntPtr.Zero);
    }

    static string LastLoadError(string path)
    {
        try { NativeLibrary.Load(path); return "no error on retry"; }
        catch (DllNotFoundException e) { return e.Message; }
        catch (BadImageFormatException e) { return e.Message; }
    }

    /// <summary>Writes (once) the patched copy under the user cache, keyed by TorchSharp version and file hash.</summary>
    internal static string WritePatchedCopy(string original)
    {
        byte[] bytes = File.ReadAllBytes(original);
        string hash = Convert.ToHexString(SHA256.HashData(bytes))[..16].ToLowerInvariant();
        string version = typeof(torch).Assembly.GetName().Version?.ToString() ?? "unknown";
        string dir = Path.Combine(CacheRoot(), "native", $"torchsharp-{version}-{hash}");
        string target = Path.Combine(dir, NativeFile);
        if (File.Exists(target)) return target;
        int changed = ElfVersionNeedPatcher.MarkWeak(bytes, WeakenedVersion, original);
        if (changed == 0)
            throw new TorchRuntimeException($"{original} has no {WeakenedVersion} requirement to weaken; the load failure has another cause.");
        Directory.CreateDirectory(dir);
        string tmp = target + "." + Environment.ProcessId + ".tmp";
        File.WriteAllBytes(tmp, bytes);
        File.Move(tmp, target, overwrite: true);
        return target;
    }

    /// <summary>GAPLAB_CACHE, else $XDG_CACHE_HOME/gaplab, else ~/.cache/gaplab.</summary>
    public static string CacheRoot()
    {
        string? env = Environment.GetEnvironmentVariable("GAPLAB_CACHE");
        if (!string.IsNullOrEmpty(env)) return env;
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string baseDir = !string.IsNullOrEmpty(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(baseDir, "gaplab");
    }

    static IEnumerable<string> ProbeDirs()
    {
        string? asmDir = Path.GetDirectoryName(typeof(torch).Assembly.Location);
        foreach (var d in new[] { asmDir, AppContext.BaseDirectory })
        {
            if (string.IsNullOrEmpty(d)) continue;
            yield return d;
            yield return Path.Combine(d, "runtimes", "linux-x64", "native");
            yield return Path.Combine(d, "cpu");
        }
    }

    static string NuGetRoot() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p
            ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    static string? FindTorchSharpNative()
    {
        foreach (var d in ProbeDirs())
        {
            var f = Path.Combine(d, NativeFile);
            if (File.Exists(f)) return f;
        }
        string version = TorchSharpVersion();
        var pkg = Path.Combine(NuGetRoot(), "torchsharp", version, "runtimes", "linux-x64", "native", NativeFile);
        return File.Exists(pkg) ? pkg : null;
    }

    /// <summary>Environment variable naming a libtorch <c>lib</c> folder to use instead of the libtorch NuGet package.</summary>
    public const string LibTorchDirVariable = "GAPLAB_LIBTORCH_DIR";

    /// <summary>
    /// The folder named by <c>GAPLAB_LIBTORCH_DIR</c> (e.g. an unpacked libtorch CUDA zip's <c>lib</c>, or a PyTorch install's
    /// <c>torch/lib</c>), or null when unset. A set but unusable value is an error, never silently ignored.
    /// </summary>
    internal static string? LibTorchDirFromEnvironment()
    {
        string? dir = Environment.GetEnvironmentVariable(LibTorchDirVariable);
        if (string.IsNullOrWhiteSpace(dir)) return null;
        if (!File.Exists(Path.Combine(dir, "libtorch_cpu.so")))
            throw new TorchRuntimeException(
                $"{LibTorchDirVariable}={dir} holds no libtorch_cpu.so; point it at libtorch's lib folder (e.g. libtorch/lib or site-packages/torch/lib) or unset it.");
        return dir;
    }

    static string? FindLibTorchDir(string nativeDir)
    {
        if (File.Exists(Path.Combine(nativeDir, "libtorch_cpu.so"))) return nativeDir;
        foreach (var d in ProbeDirs())
            if (File.Exists(Path.Combine(d, "libtorch_cpu.so"))) return d;
        var root = NuGetRoot();
        if (!Directory.Exists(root)) return null;
        foreach (var pkg in Directory.EnumerateDirectories(root, "libtorch-*-linux-x64").Order())
            foreach (var ver in Directory.EnumerateDirectories(pkg).OrderDescending())
            {
                var n = Path.Combine(ver, "runtimes", "linux-x64", "native");
                if (File.Exists(Path.Combine(n, "libtorch_cpu.so"))) return n;
            }
        return null;
    }

    static void PreloadLibTorch(string dir, bool namedByUser)
    {
        foreach (var name in new[] { "libgomp-98b21ff3.so.1", "libc10.so", "libtorch_cpu.so", "libtorch.so" })
        {
            var path = Path.Combine(dir, name);
            if (!File.Exists(path))
            {
                if (name.StartsWith("libgomp", StringComparison.Ordinal)) continue;
                throw new TorchRuntimeException($"GapLab found libtorch at {dir} but {name} is missing; restore the libtorch package again.");
            }
            if (!NativeLibrary.TryLoad(path, out _))
                throw new TorchRuntimeException($"GapLab could not load {path}: {LastLoadError(path)}");
        }
        // CUDA parts are optional (a CPU libtorch has none); when the user named the folder, a present but unloadable part is an error.
        foreach (var cuda in new[] { "libc10_cuda.so", "libtorch_cuda.so" })
        {
            var path = Path.Combine(dir, cuda);
            if (File.Exists(path) && !NativeLibrary.TryLoad(path, out _) && namedByUser)
                throw new TorchRuntimeException($"GapLab could not load {path} from {LibTorchDirVariable}: {LastLoadError(path)} " +
                                                "(are the CUDA libraries it needs on LD_LIBRARY_PATH?)");
        }
    }

    /// <summary>The TorchSharp package version (e.g. 0.107.0).</summary>
    public static string TorchSharpVersion()
    {
        var info = typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (!string.IsNullOrEmpty(info)) return info.Split('+')[0];
        var v = typeof(torch).Assembly.GetName().Version;
        return v is null ? "unknown" : $"{v.Major}.{v.Minor}.{v.Build}";
    }
}

/// <summary>How the native library was loaded: "native" (as shipped) or "patched-weak-glibcxx" (private copy).</summary>
public sealed record TorchLoadReport(string Mode, string? OriginalPath, string? PatchedPath);

/// <summary>TorchSharp's native runtime could not be made usable; the message says what to install.</summary>
public sealed class TorchRuntimeException(string message) : Exception(message);
