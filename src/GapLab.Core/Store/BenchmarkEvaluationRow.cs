using GapLab.IO;
namespace GapLab.Store;

/// <summary>
/// One dated evaluation of a benchmark version on one data version (a row of <c>benchmark_evaluations</c>): where the data came
/// from (dataset, folder, domain shift applied, subsample size and seed) and its fingerprint, and whether it finished
/// (<c>status</c> = running, cancelled or completed; a running or cancelled evaluation is resumed by the next run on the same data).
/// A sharded evaluation (<c>--shard i/N</c>) has one row per shard under the same <c>eval_id</c>, each with its <c>shard</c> (<c>i/N</c>;
/// empty when unsharded); <c>BenchmarkRegistry.Evaluations</c> reports it completed once all N are.
/// </summary>
public sealed record BenchmarkEvaluationRow
{
    public required string EvalId { get; init; }
    public required string Benchmark { get; init; }
    public required int Version { get; init; }
    public required string DataLabel { get; init; }
    public required string Dataset { get; init; }
    public string? DataDir { get; init; }
    public string? DataShift { get; init; }
    public required int TestSize { get; init; }
    public required int Seed { get; init; }
    public required string TestFingerprint { get; init; }
    public required DateTime StartedUtc { get; init; }
    public DateTime? FinishedUtc { get; init; }
    public required string Status { get; init; }

    /// <summary><see cref="Status"/> as a <see cref="BenchmarkStatus"/> (null: a word this version does not know). A method, not a column.</summary>
    public BenchmarkStatus? Outcome() => EnumText.FromWord<BenchmarkStatus>(Status);
    public string Shard { get; init; } = "";
}
