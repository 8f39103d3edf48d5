namespace GapLab.Benchmarking;

/// <summary>Best, median and worst value of a metric over the seeds of one configuration (model spec and grid values) in one evaluation.</summary>
public sealed record SeedSummary(string EvalId, string Configuration, string Metric, int Seeds, double Best, double Median, double Worst);
