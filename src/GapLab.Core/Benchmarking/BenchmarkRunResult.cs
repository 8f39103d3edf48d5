using GapLab.Store;
namespace GapLab.Benchmarking;

/// <summary>What a benchmark run did: the evaluation, whether it resumed one, units evaluated and skipped, whether it was cancelled, and its data checks.</summary>
public sealed record BenchmarkRunResult(BenchmarkEvaluationRow Evaluation, bool Resumed, int UnitsEvaluated, int UnitsSkipped, bool Cancelled,
    IReadOnlyList<BenchmarkDataCheckRow> DataChecks);
