using GapLab.Runtime;

namespace GapLab.Benchmarking;

/// <summary>
/// <c>gaplab benchmark run</c>: evaluate a benchmark's models (and any added with <see cref="AddModels"/>) on a data version and append
/// the dated evaluation to the store; an unfinished evaluation of the same version on the same data is resumed.
/// </summary>
public sealed record BenchmarkRunRequest
{
    public required string StoreDir { get; init; }
    public required string Benchmark { get; init; }
    /// <summary>Dataset name of the new data version (default: the protocol's).</summary>
    public string? Dataset { get; init; }
    public string? DataDir { get; init; }
    /// <summary>A domain shift applied to the test set (shift:rotate=30, ...): a simulated new data version.</summary>
    public string? DataShift { get; init; }
    /// <summary>A name for this data version (default: dataset, folder or shift).</summary>
    public string? DataLabel { get; init; }
    /// <summary>Run ids of the store added to the benchmark before evaluating.</summary>
    public IReadOnlyList<string> AddModels { get; init; } = Array.Empty<string>();
    /// <summary>Evaluation whose data the data checks compare against (default: the benchmark's first completed evaluation).</summary>
    public string? ReferenceEvalId { get; init; }
    public TorchSettings Torch { get; init; } = new();
    public int BatchSize { get; init; } = 500;
    public string? CommandLine { get; init; }

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(StoreDir)) throw new ArgumentException("--store: give the folder holding gaplab.duckdb.");
        if (string.IsNullOrWhiteSpace(Benchmark)) throw new ArgumentException("give the benchmark's name.");
        if (DataShift is not null) Quality.DomainShift.Validate(DataShift);
        if (DataDir is not null && !Directory.Exists(DataDir)) throw new DirectoryNotFoundException($"--data: folder '{DataDir}' does not exist.");
        if (BatchSize < 1) throw new ArgumentException($"batch size {BatchSize}: accepted 1 or more.");
    }
}
