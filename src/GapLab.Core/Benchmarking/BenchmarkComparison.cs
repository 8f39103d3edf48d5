using GapLab.Store;
namespace GapLab.Benchmarking;

/// <summary>
/// The result of a compare: the two evaluations, whether their images pair up (same labels in the same order), every metric change, the
/// current evaluation's per-class breakdown and seed spread, and its data checks.
/// </summary>
public sealed record BenchmarkComparison(BenchmarkVersion Benchmark, BenchmarkEvaluationRow Baseline, BenchmarkEvaluationRow Current, bool Paired,
    IReadOnlyList<MetricChange> Changes, IReadOnlyList<ClassBreakdown> Classes, IReadOnlyList<SeedSummary> Seeds, IReadOnlyList<string> Notes)
{
    /// <summary>Regressions larger than the protocol's tolerance: what makes <c>compare</c> exit with 1.</summary>
    public IReadOnlyList<MetricChange> FailingRegressions => Changes.Where(c => c.BeyondTolerance).ToList();
}
