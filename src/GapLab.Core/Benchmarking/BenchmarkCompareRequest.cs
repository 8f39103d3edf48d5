namespace GapLab.Benchmarking;

/// <summary>
/// <c>gaplab benchmark compare</c>: the change of every metric of every model between a baseline evaluation (default: the one before the
/// current) and the current evaluation (default: the latest completed), with intervals and verdicts.
/// </summary>
public sealed record BenchmarkCompareRequest
{
    public required string StoreDir { get; init; }
    public required string Benchmark { get; init; }
    public string? BaselineEvalId { get; init; }
    public string? CurrentEvalId { get; init; }

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(StoreDir)) throw new ArgumentException("--store: give the folder holding gaplab.duckdb.");
        if (string.IsNullOrWhiteSpace(Benchmark)) throw new ArgumentException("give the benchmark's name.");
        if (BaselineEvalId is not null && BaselineEvalId == CurrentEvalId) throw new ArgumentException("--baseline and --current name the same evaluation.");
    }
}
