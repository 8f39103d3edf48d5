namespace GapLab.Metrics.Complexity;

/// <summary>
/// One complexity measure of one model. <paramref name="Value"/> is the reported number (after the dataset-size adjustment
/// where the measure has one), <paramref name="RawValue"/> the value before it; both are NaN when the measure could not be
/// computed (<paramref name="Notes"/> says why). <paramref name="Cost"/> is the catalogue cost class (trivial, W, F, W+F, S, T).
/// </summary>
public sealed record MeasureValue(string Name, double Value, double RawValue, string Cost, string Notes);

