using System.Diagnostics;
using TorchSharp;

namespace GapLab.Runtime.SelfCheck;

/// <summary>
/// Verifies, once per process and thread count, that libtorch's CPU kernels compute what GapLab relies on (see
/// <see cref="BuiltInProbes"/>), before the first training or evaluation. On some CPUs (an AMD EPYC with AVX-512 VNNI/BF16 was
/// measured) libtorch 2.10's oneDNN returns wrong or NaN conv2d input gradients; then GapLab switches to ATen's own
/// convolutions, checks again and says so once on stderr. <c>GAPLAB_SELF_CHECK=off</c> skips the check;
/// <c>GAPLAB_KERNELS=onednn|aten</c> forces a configuration (still checked unless the check is off).
/// </summary>
public static class KernelSelfCheck
{
    public const string SelfCheckVariable = "GAPLAB_SELF_CHECK";
    public const string KernelsVariable = "GAPLAB_KERNELS";
    /// <summary>Relative L2 error a float32 kernel may have against float64 (correct kernels measure 1e-7 to 5e-6).</summary>
    public const double Tolerance = 1e-4;

    static readonly object Gate = new();
    static readonly Dictionary<int, KernelCheckResult> ByThreads = new();
    static KernelConfiguration? _chosen;
    static KernelCheckResult? _last;

    /// <summary>The latest result in this process (null before the first check).</summary>
    public static KernelCheckResult? Last => _last;

    /// <summary>Runs the check at the current libtorch thread count unless it already ran at that count; returns its result.</summary>
    public static KernelCheckResult EnsureChecked()
    {
        TorchRuntime.EnsureLoaded();
        int threads = torch.get_num_threads();
        lock (Gate)
        {
            if (ByThreads.TryGetValue(threads, out var done)) return _last = done;
            bool told = _last is { Failures.Count: > 0 }; // the notice is printed once per process
            var result = CheckFromEnvironment(threads);
            ByThreads[threads] = result;
            _last = result;
            if (result.Notice is { } notice && !told) Console.Error.WriteLine(notice);
            return result;
        }
    }

    static KernelCheckResult CheckFromEnvironment(int threads)
    {
        string? kernels = Environment.GetEnvironmentVariable(KernelsVariable);
        KernelConfiguration? forced = string.IsNullOrWhiteSpace(kernels) || kernels.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase)
            ? null
            : KernelConfiguration.Parse(kernels);
        string? check = Environment.GetEnvironmentVariable(SelfCheckVariable);
        bool off = check is not null && (check.Trim().Equals("off", StringComparison.OrdinalIgnoreCase) || check.Trim() == "0");
        if (off)
        {
            var configuration = forced ?? _chosen ?? KernelConfiguration.OneDnnConvolutions;
            configuration.Apply();
            _chosen = configuration;
            return new KernelCheckResult(KernelCheckOutcome.Skipped, configuration.Name, threads, 0, 0, []);
        }
        // once a configuration was rejected in this process it is not tried again at another thread count
        var candidates = forced is not null ? [forced] : KernelConfiguration.All.SkipWhile(c => _chosen is not null && c != _chosen).ToList();
        var result = Run(BuiltInProbes.All, candidates, c => c.Apply(), threads, forced is not null);
        // a work-around re-checked at another thread count skips the configurations rejected earlier: keep their failures,
        // so every run of the process records the same provenance ("work-around: aten (onednn failed ...)")
        if (result.Outcome == KernelCheckOutcome.WorkedAround && result.Failures.Count == 0 && _last is { Failures.Count: > 0 } earlier
            && earlier.Configuration == result.Configuration)
            result = result with { Failures = earlier.Failures };
        _chosen = KernelConfiguration.Parse(result.Configuration);
        return result;
    }

    /// <summary>
    /// Tries <paramref name="candidates"/> in order: applies one, runs the probes (stopping at the first that fails), and returns the
    /// first configuration whose probes are all within <see cref="Tolerance"/>. Throws <see cref="KernelSelfCheckException"/> when none passes.
    /// </summary>
    public static KernelCheckResult Run(IReadOnlyList<KernelProbe> probes, IReadOnlyList<KernelConfiguration> candidates,
        Action<KernelConfiguration> apply, int threads, bool forced = false)
    {
        ArgumentNullException.ThrowIfNull(probes);
        ArgumentNullException.ThrowIfNull(candidates);
        if (candidates.Count == 0) throw new ArgumentException("No kernel configuration to check.", nameof(candidates));
        var clock = Stopwatch.StartNew();
        var failures = new List<ProbeFailure>();
        for (int i = 0; i < candidates.Count; i++)
        {
            var configuration = candidates[i];
            apply(configuration);
            // one wrong kernel rejects the configuration: no need to run the rest
            var these = Failures(configuration, probes, stopAtFirstFailure: true);
            if (these.Count == 0)
            {
                var outcome = forced ? KernelCheckOutcome.Forced
                    : ReferenceEquals(configuration, KernelConfiguration.All[0]) ? KernelCheckOutcome.Passed : KernelCheckOutcome.WorkedAround;
                return new KernelCheckResult(outcome, configuration.Name, threads, clock.Elapsed.TotalSeconds, probes.Count, failures);
            }
            failures.AddRange(these);
        }
        var first = failures[0];
        var cpu = CpuFeatures.Current;
        throw new KernelSelfCheckException(
            $"GapLab's self-check of libtorch {TorchEnvironment.LibTorchVersion()} found wrong results under every configuration tried " +
            $"({string.Join(", ", candidates.Select(c => c.Name))}): {first}" + (failures.Count > 1 ? $" and {failures.Count - 1} more" : "") +
            $". CPU: {cpu.Model} ({cpu.FlagsText}), {threads} threads. Try another libtorch ({TorchRuntime.LibTorchDirVariable}=<libtorch lib folder>), " +
            $"{KernelsVariable}=onednn|aten with DNNL_MAX_CPU_ISA=AVX2 set in the shell, or another machine; {SelfCheckVariable}=off skips this check at your own risk.");
    }

    /// <summary>The parts of <paramref name="probes"/> beyond <see cref="Tolerance"/> under the configuration in force (named
    /// <paramref name="configuration"/>); with <paramref name="stopAtFirstFailure"/> the probes after the first failing one are skipped.</summary>
    internal static List<ProbeFailure> Failures(KernelConfiguration configuration, IReadOnlyList<KernelProbe> probes, bool stopAtFirstFailure)
    {
        var failures = new List<ProbeFailure>();
        foreach (var probe in probes)
        {
            foreach (var part in probe.Measure())
                if (!(part.RelativeError <= Tolerance))
                    failures.Add(new ProbeFailure(configuration.Name, probe.Operation, probe.Shape, part.Part, part.RelativeError));
            if (stopAtFirstFailure && failures.Count > 0) break;
        }
        return failures;
    }
}
