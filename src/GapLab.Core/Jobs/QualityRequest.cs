using GapLab.Quality;

namespace GapLab.Jobs;

/// <summary>
/// The checked inputs of one quality evaluation, as both front ends read them: what to report and score, the corruptions, OOD sets and
/// attack, the test subsample, the seed and where it runs. <see cref="Options"/> is the evaluator's view of it.
/// </summary>
public sealed record QualityRequest(
    HashSet<QualityDimension> Dimensions, QubaWeights? UserWeights, QubaNormalizationMode Normalization,
    IReadOnlyList<string> Corruptions, string CorruptionSet, bool GeneratedCorruptions, string? CorruptionFilesDir,
    IReadOnlyList<string> OodSets, PgdOptions Pgd, bool AceReference, int TestSize, int Seed, string Device, int Threads, string? Dataset)
{
    /// <summary>The evaluator's options for this request.</summary>
    public QualityOptions Options => new()
    {
        Pgd = Pgd,
        Corruptions = Corruptions,
        CorruptionSet = CorruptionSet,
        GeneratedCorruptions = GeneratedCorruptions,
        CorruptionSeed = Seed,
        QubaNormalization = Normalization,
        QubaWeights = UserWeights,
        AceReference = AceReference,
    };
}
