namespace GapLab.Store;

/// <summary>
/// One test image a data check points at (a row of <c>benchmark_flagged_images</c>), so the images behind a count can be looked at:
/// for <c>exact_duplicates</c>/<c>near_duplicates</c> the test image, its copy (<c>other</c>: an index of the train split for scope
/// <c>train_test</c>, of the reference evaluation's test set for <c>across_versions</c>) and their RMS pixel distance; for
/// <c>label_noise</c> the image, its given label and the class the models are confident of (<c>likely</c>); for <c>feature_drift</c> the
/// most drifted images of the current test set (<c>distance</c>: the MMD witness value of its penultimate features, largest first).
/// </summary>
public sealed record BenchmarkFlaggedImageRow(string EvalId, string CheckName, string Scope, int Sample, int Label, int? Other, int? Likely, double? Distance);
