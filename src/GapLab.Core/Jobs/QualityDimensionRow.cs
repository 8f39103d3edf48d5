namespace GapLab.Jobs;

/// <summary>One reported quality dimension: its value or why it is missing, its direction and its QUBA contribution (z-score x weight).</summary>
public sealed record QualityDimensionRow(string Dimension, double? Value, string Direction, double? ZScore, double? Weight, double? Contribution, string Method);
