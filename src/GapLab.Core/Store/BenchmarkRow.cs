namespace GapLab.Store;

/// <summary>
/// One version of a named benchmark (a row of <c>benchmarks</c>): the protocol as canonical JSON and its SHA-256, so a changed
/// protocol is a new version and every evaluation names the version it was made under.
/// </summary>
public sealed record BenchmarkRow(string Benchmark, int Version, string ProtocolHash, string Protocol, DateTime CreatedUtc);
