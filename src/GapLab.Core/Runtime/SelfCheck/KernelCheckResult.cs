using System.Globalization;

namespace GapLab.Runtime.SelfCheck;

/// <summary>How the start-up self-check ended.</summary>
public enum KernelCheckOutcome
{
    /// <summary>libtorch's default kernels passed every probe.</summary>
    Passed,
    /// <summary>The default failed a probe; GapLab switched to <see cref="KernelCheckResult.Configuration"/>, which passed.</summary>
    WorkedAround,
    /// <summary>The user forced a configuration (GAPLAB_KERNELS) and it passed.</summary>
    Forced,
    /// <summary>The user turned the check off (GAPLAB_SELF_CHECK=off); nothing was verified.</summary>
    Skipped,
}

/// <summary>
/// What the self-check of libtorch's CPU kernels did: the outcome, the configuration in force, the thread count it was run at,
/// its time, and the probe failures that made it reject a configuration. <see cref="Summary"/> is the provenance value.
/// </summary>
public sealed record KernelCheckResult(
    KernelCheckOutcome Outcome,
    string Configuration,
    int Threads,
    double Seconds,
    int ProbeCount,
    IReadOnlyList<ProbeFailure> Failures)
{
    /// <summary>One line for provenance, e.g. <c>passed (onednn, 2 threads)</c> or <c>work-around: aten (onednn failed conv2d backward-input)</c>.</summary>
    public string Summary => Outcome switch
    {
        KernelCheckOutcome.Passed => $"passed ({Configuration}, {Threads} threads)",
        KernelCheckOutcome.Forced => $"forced {Configuration} (GAPLAB_KERNELS), passed at {Threads} threads",
        KernelCheckOutcome.Skipped => $"skipped (GAPLAB_SELF_CHECK=off), {Configuration}",
        _ when Failures.Count == 0 => $"work-around: {Configuration}, passed at {Threads} threads",
        _ => $"work-around: {Configuration} ({string.Join("; ", Failures.Select(f => $"{f.Configuration} failed {f.Operation} {f.Part}").Distinct().Take(3))})",
    };

    /// <summary>The one line printed when GapLab changed libtorch's configuration (null when nothing needs saying).</summary>
    public string? Notice => Outcome != KernelCheckOutcome.WorkedAround || Failures.Count == 0 ? null :
        $"GapLab: libtorch's oneDNN kernels give wrong results on this CPU ({CpuFeatures.Current.Model}: " +
        $"{Failures.First()}); using {KernelConfiguration.Parse(Configuration).Description} instead, checked correct " +
        $"({Seconds.ToString("0.00", CultureInfo.InvariantCulture)} s; convolutions are slower, see docs/kernel-cost.md).";
}

/// <summary>No configuration passed the self-check: the message names the failing operation, the CPU and the overrides.</summary>
public sealed class KernelSelfCheckException(string message) : Exception(message);
