using GapLab.Runtime;
using GapLab.Suites;

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
    /// <summary>
    /// Evaluate only the models at positions k with k mod N = i - 1 of the benchmark's model list (<c>--shard i/N</c>), as one part of
    /// an evaluation shared by all N shards (same <see cref="EvalId"/>); shards may run at once on one store or on copies merged later.
    /// </summary>
    public SuiteShard? Shard { get; init; }
    /// <summary>The evaluation's id: resumes or completes that evaluation (default: a new dated id; with a shard, an id derived from the
    /// benchmark version, the data and N, so every shard names the same evaluation).</summary>
    public string? EvalId { get; init; }
    public TorchSettings Torch { get; init; } = new();
    public int BatchSize { get; init; } = 500;
    public string? CommandLine { get; init; }

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(StoreDir)) throw new ArgumentException("--store: give the folder holding gaplab.duckdb.");
        if (string.IsNullOrWhiteSpace(Benchmark)) throw new ArgumentException("give the benchmark's name.");
        if (DataShift is not null) Quality.DomainShift.Validate(DataShift);
        if (DataDir is not null && !Directory.Exists(DataDir)) throw new DirectoryNotFoundException($"--data: folder '{DataDir}' does not exist.");
        if (EvalId is not null && (EvalId.Length == 0 || EvalId.Length > 64 || !EvalId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            throw new ArgumentException($"--eval-id '{EvalId}': use 1 to 64 letters, digits, '-', '_' or '.'.");
        if (BatchSize < 1) throw new ArgumentException($"batch size {BatchSize}: accepted 1 or more.");
    }
}
