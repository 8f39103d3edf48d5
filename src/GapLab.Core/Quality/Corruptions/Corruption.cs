using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Quality;

/// <summary>The four ImageNet-C families.</summary>
public enum CorruptionCategory { Noise, Blur, Weather, Digital }

/// <summary>A catalogue entry: name, family and a human-readable parameter description per severity 1..5.</summary>
public sealed record CorruptionInfo(string Name, CorruptionCategory Category, string Summary, IReadOnlyList<string> SeverityParameters);

/// <summary>
/// One common corruption at severities 1..5 on images [N,C,H,W] in [0,1]; all randomness comes from the given generator.
/// Source: Hendrycks and Dietterich 2019, "Benchmarking Neural Network Robustness to Common Corruptions and Perturbations" (ICLR).
/// </summary>
internal abstract class Corruption
{
    public abstract string Name { get; }
    public abstract CorruptionCategory Category { get; }
    public abstract string Summary { get; }
    /// <summary>Parameters used at a severity, e.g. "sigma=0.08".</summary>
    public abstract string Describe(int severity);
    /// <summary>Corrupts validated images; the result need not be clamped (the catalogue clamps to [0,1]).</summary>
    public abstract Tensor Apply(Tensor images, int severity, Generator generator);

    public CorruptionInfo Info => new(Name, Category, Summary, Enumerable.Range(1, CorruptionCatalog.MaxSeverity).Select(Describe).ToArray());

    protected static T Pick<T>(T[] perSeverity, int severity) => perSeverity[severity - 1];
}
