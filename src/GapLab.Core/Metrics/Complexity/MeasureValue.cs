namespace GapLab.Metrics.Complexity;

/// <summary>
/// One complexity measure of one model. <paramref name="Value"/> is the reported number (after the dataset-size adjustment
/// where the measure has one), <paramref name="RawValue"/> the value before it; both are NaN when the measure could not be
/// computed or is not meaningful for the model (<paramref name="Notes"/> says why). <paramref name="Cost"/> is the catalogue cost
/// class (trivial, W, F, W+F, S, T). <paramref name="AtBound"/>: the value comes from a search that ended at an end of its
/// interval, so it is a bound on the measure, not a value that ranks (correlations leave it out and say so).
/// </summary>
public sealed record MeasureValue(string Name, double Value, double RawValue, string Cost, string Notes, bool AtBound = false);

