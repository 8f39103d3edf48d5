using static TorchSharp.torch;

namespace GapLab.Quality;

/// <summary>A named labelled image set [N,C,H,W] in [0,1] with int64 labels, e.g. a shifted (OOD) test set.</summary>
public sealed record QualityTestSet(string Name, Tensor Images, Tensor Labels);

/// <summary>
/// Data beyond the clean test set: shifted test sets for the OOD-robustness dimension and pre-rendered corruption files
/// (CIFAR-10-C layout). Empty by default, in which case OOD robustness is not available and only generated corruptions run.
/// </summary>
public sealed record QualityInputs
{
    public IReadOnlyList<QualityTestSet> OodSets { get; init; } = Array.Empty<QualityTestSet>();
    public CorruptionFileSet? CorruptionFiles { get; init; }

    public static QualityInputs None { get; } = new();
}
