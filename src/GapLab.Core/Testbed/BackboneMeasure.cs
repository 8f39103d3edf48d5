namespace GapLab.Testbed;

/// <summary>One complexity measure of one trained testbed backbone (on its seen-class training images); NaN when it could not be computed.</summary>
public sealed record BackboneMeasure(int ModelIndex, string Model, long Parameters, string Measure, double Value, string Notes);
