using System.Globalization;

namespace GapLab.Interactive.Reports;

/// <summary>What <see cref="BenchmarkDashboard.Save"/> wrote: the file, the benchmark, its completed evaluations, regressions, data checks and size.</summary>
public sealed record SavedDashboard(string Path, string Benchmark, int Evaluations, int Regressions, int DataChecks, long Bytes)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"dashboard of '{Benchmark}': {Path} ({Evaluations} evaluations, {Regressions} regression(s) beyond the tolerance, {DataChecks} data checks, {Bytes / 1024.0:0} KiB)");
}
