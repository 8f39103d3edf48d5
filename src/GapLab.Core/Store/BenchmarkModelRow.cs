namespace GapLab.Store;

/// <summary>A stored run (trained model) a benchmark covers (a row of <c>benchmark_models</c>); models are added, never versioned.</summary>
public sealed record BenchmarkModelRow(string Benchmark, string RunId, DateTime AddedUtc);
