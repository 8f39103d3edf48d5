namespace GapLab.Store;

/// <summary>
/// One complexity measure of one trained model (a row of <c>measures</c>): the run it came from when the weights record it,
/// the model and weights file, the data it was measured on, the value (and raw value before any sqrt/normalisation), its
/// cost class (the budget it belongs to) and notes.
/// </summary>
public sealed record MeasureRow(string? RunId, string Model, string WeightsFile, string Dataset, string DatasetFingerprint, int TrainSize,
    string Measure, double Value, double RawValue, string Cost, string Notes);
