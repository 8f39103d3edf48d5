namespace GapLab.Store;

/// <summary>
/// One data check of an evaluation's data against a reference evaluation's data (a row of <c>benchmark_data_checks</c>):
/// the check name (label_shift, feature_drift, duplicates_*, label_noise), its scope (all or a class), statistic, p-value or count.
/// </summary>
public sealed record BenchmarkDataCheckRow(string EvalId, string? ReferenceEvalId, string CheckName, string Scope, double Statistic, double? PValue, long? Count, string Method);
