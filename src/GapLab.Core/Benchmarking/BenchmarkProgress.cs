namespace GapLab.Benchmarking;

/// <summary>Progress of a benchmark run: units (model x test set) done of total, and what is being done now.</summary>
public sealed record BenchmarkProgress(int Done, int Total, string Stage);
