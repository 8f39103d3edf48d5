using GapLab.Store;

namespace GapLab.Jobs;

/// <summary>The parameters several jobs share, declared once (a job adjusts the help with <c>with { Help = ... }</c> where it means more).</summary>
public static class JobParameters
{
    /// <summary>Most intra-op threads accepted (far above any CPU GapLab runs on; a typo like 10000 is refused).</summary>
    public const int MaxThreads = 1024;

    public static JobParameter Device { get; } = JobParameter.Text("--device", "auto (CUDA when available), cpu, cuda or cuda:N.", "auto")
        with { Suggestions = () => ["auto", "cpu", "cuda", "cuda:0"] };

    public static JobParameter Threads { get; } = JobParameter.Integer("--threads", "Intra-op CPU threads (0 = libtorch's default).", 0, 0, MaxThreads);

    public static JobParameter Seed { get; } = JobParameter.Integer("--seed", "Seed.", 0, 0, int.MaxValue);

    public static JobParameter Store { get; } = JobParameter.Text("--store",
        $"Also append the results, with their provenance, to the result store DIR/{ResultStore.FileName} (created if absent).");
}
