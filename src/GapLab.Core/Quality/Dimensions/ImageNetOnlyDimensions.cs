namespace GapLab.Quality;

/// <summary>
/// The dimensions that need ImageNet-specific data and a 1000-class ImageNet classifier; on other data sets they are reported as
/// "not available: needs X" rather than as a number (spec 5.1 (4), (7), (8)).
/// </summary>
public static class ImageNetOnlyDimensions
{
    /// <summary>OOD robustness without named shifted sets: what the paper uses and how to measure it on other data.</summary>
    public static QualityDimensionResult OodRobustness() => QualityDimensionResult.NotAvailable(QualityDimension.OodRobustness,
        "needs shifted test sets with the same classes: name them with --ood (e.g. --ood shift:invert,shift:rotate=30 or a dataset name/folder; " +
        "API: QualityInputs.OodSets); the paper's model-vs-human sets and ImageNet-R need a 1000-class ImageNet classifier");

    public static QualityDimensionResult ObjectFocus() => QualityDimensionResult.NotAvailable(QualityDimension.ObjectFocus,
        "needs the Backgrounds Challenge (ImageNet-9 original, mixed_same, mixed_rand) and a 1000-class ImageNet classifier with the in_to_in9 mapping");

    public static QualityDimensionResult ShapeBias() => QualityDimensionResult.NotAvailable(QualityDimension.ShapeBias,
        "needs the model-vs-human cue-conflict images (1,280 shape/texture conflicts, 16 classes) and a 1000-class ImageNet classifier");

    /// <summary>All three, in dimension order.</summary>
    public static IReadOnlyList<QualityDimensionResult> All() => new[] { OodRobustness(), ObjectFocus(), ShapeBias() };
}
