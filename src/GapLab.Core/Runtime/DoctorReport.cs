using System.Globalization;
using System.Runtime.InteropServices;
using GapLab.Runtime.SelfCheck;
using TorchSharp;

namespace GapLab.Runtime;

/// <summary>
/// Everything that decides whether GapLab's numbers can be trusted on this machine (<c>gaplab doctor</c>, <c>#!gaplab device
/// --doctor</c>): versions, how libtorch was loaded (the libstdc++ work-around), the CPU and its vector flags, threads, CUDA,
/// the environment overrides in force, and the start-up self-check with a survey of every kernel configuration.
/// </summary>
public sealed record DoctorReport(
    IReadOnlyList<(string Key, string Value)> Facts,
    KernelCheckResult SelfCheck,
    IReadOnlyList<ConfigurationSurvey> Survey)
{
    static readonly string[] Overrides = [KernelSelfCheck.SelfCheckVariable, KernelSelfCheck.KernelsVariable, TorchRuntime.LibTorchDirVariable,
        "DNNL_MAX_CPU_ISA", "ONEDNN_MAX_CPU_ISA", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "GAPLAB_CACHE"];

    /// <summary>Collects the report at <paramref name="threads"/> intra-op threads (0 keeps libtorch's default).</summary>
    public static DoctorReport Collect(int threads = 0)
    {
        var load = TorchRuntime.EnsureLoaded();
        if (threads > 0) torch.set_num_threads(threads);
        var check = KernelSelfCheck.EnsureChecked();
        var survey = KernelSurvey.Run();
        var cpu = CpuFeatures.Current;
        bool cuda;
        try { cuda = torch.cuda.is_available(); }
        catch (Exception) { cuda = false; }
        var facts = new List<(string, string)>
        {
            ("GapLab", TorchEnvironment.GapLabVersion() + (TorchEnvironment.GapLabCommit() is { } c ? $" ({c})" : "")),
            ("TorchSharp", TorchRuntime.TorchSharpVersion()),
            ("libtorch", TorchEnvironment.LibTorchVersion() + (TorchRuntime.LibTorchDirectory is { } d ? $" ({d})" : "")),
            ("native load", load.Mode == "native" ? "as shipped" : $"{load.Mode}: {TorchRuntime.WeakenedVersion} marked weak in a private copy ({load.PatchedPath})"),
            (".NET", Environment.Version.ToString()),
            ("OS", RuntimeInformation.OSDescription),
            ("CPU", cpu.Model),
            ("CPU vector flags", cpu.FlagsText),
            ("processors", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture)),
            ("threads", torch.get_num_threads().ToString(CultureInfo.InvariantCulture)),
            ("CUDA", cuda ? $"available, {torch.cuda.device_count()} device(s)" : "not available (CPU libtorch or no GPU)"),
            ("oneDNN / NNPACK", LibTorchContext.Available ? $"oneDNN {(LibTorchContext.OneDnnEnabled == true ? "on" : "off")}, NNPACK {(LibTorchContext.NnpackEnabled == true ? "on" : "off")}" : "switches not exported by this libtorch"),
        };
        foreach (var name in Overrides)
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value) facts.Add(("env " + name, value));
        return new DoctorReport(facts, check, survey);
    }

    /// <summary>The report as plain text lines (what <c>gaplab doctor</c> prints).</summary>
    public IEnumerable<string> ToLines()
    {
        int width = Facts.Max(f => f.Key.Length) + 2;
        foreach (var (key, value) in Facts) yield return key.PadRight(width) + value;
        yield return "self-check".PadRight(width) + $"{SelfCheck.Summary}, {SelfCheck.ProbeCount} probes, {Seconds(SelfCheck.Seconds)}";
        foreach (var s in Survey)
            yield return $"  {s.Configuration,-8} {(s.Passed ? "correct" : "WRONG"),-8} {Seconds(s.Seconds),8}  {s.Description}" +
                         (s.FirstFailure is { } f ? $"; {s.FailedParts} part(s) off, first: {f}" : "");
        yield return SelfCheck.Outcome switch
        {
            KernelCheckOutcome.Passed => "verdict: libtorch's default kernels compute correctly on this machine.",
            KernelCheckOutcome.WorkedAround => $"verdict: GapLab uses the {SelfCheck.Configuration} configuration here, because the default failed the check.",
            KernelCheckOutcome.Forced => $"verdict: {KernelSelfCheck.KernelsVariable} forces {SelfCheck.Configuration}; it passed the check.",
            _ => $"verdict: the check is off ({KernelSelfCheck.SelfCheckVariable}=off); the survey above shows what it would have found.",
        };
    }

    static string Seconds(double s) => s.ToString("0.00", CultureInfo.InvariantCulture) + " s";
}
