namespace GapLab.Metrics.Complexity;

/// <summary>
/// A measure of the catalogue: its name, cost class (<see cref="MeasureCatalog"/>'s constants), whether the dataset-size adjustment
/// applies, whether it needs initial weights, and its formula. <see cref="Order"/> is its place in reports (the Fantastic
/// numbering for the first 24); <see cref="UsesMargin"/>: its value involves the margin gamma (and its notes state gamma).
/// </summary>
public sealed record MeasureInfo(string Name, string Cost, bool SizeAdjusted, bool NeedsInit, string Formula)
{
    /// <summary>Place in the catalogue and in every report (unique; see <see cref="MeasureRegistry"/>).</summary>
    public int Order { get; init; }

    /// <summary>The value involves the 10th-percentile margin gamma, which is then computed once over the training set.</summary>
    public bool UsesMargin { get; init; }
}
