namespace GapLab.Store;

/// <summary>
/// The status of a stored benchmark evaluation (its word in the store: "running", "cancelled", "completed", "partial").
/// Partial: some shards of a sharded evaluation are done, others missing or cancelled.
/// </summary>
public enum BenchmarkStatus
{
    Running,
    Cancelled,
    Completed,
    Partial,
}
