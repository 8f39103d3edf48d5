using GapLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Quality;

/// <summary>
/// The 15 ImageNet-C / CIFAR-10-C corruptions x severities 1..5 on tensors [N,C,H,W] in [0,1] (C = 1 or 3), deterministic for a seed.
/// Source: Hendrycks and Dietterich 2019 (ICLR); two implementations (<see cref="CorruptionSet"/>): GapLab's monotone variant (default) and
/// make_cifar_c.py's constants (<c>cifar10-c</c>); spatial parameters are given for 32x32 and scaled by min(H,W)/32 (docs/quality-metrics.md).
/// </summary>
public static class CorruptionCatalog
{
    public const int MaxSeverity = 5;

    /// <summary>The 15 names in the ImageNet-C order (gaussian_noise .. jpeg_compression).</summary>
    public static IReadOnlyList<string> Names { get; } = CorruptionSet.Default.Corruptions.Select(c => c.Name).ToArray();

    /// <summary>Name, family and per-severity parameters of every corruption of the default set.</summary>
    public static IReadOnlyList<CorruptionInfo> All { get; } = AllOf(CorruptionSet.MonotoneName);

    /// <summary>Name, family and per-severity parameters of every corruption of the set <paramref name="set"/>.</summary>
    public static IReadOnlyList<CorruptionInfo> AllOf(string set) => CorruptionSet.Get(set).Corruptions.Select(c => c.Info).ToArray();

    public static CorruptionInfo Get(string name, string set = CorruptionSet.MonotoneName) => CorruptionSet.Get(set).Find(name).Info;

    /// <summary>
    /// Corrupts <paramref name="images"/> (not modified) at <paramref name="severity"/> 1..5 with the implementation of <paramref name="set"/>
    /// (<see cref="CorruptionSet.Names"/>); same seed, same output; result clamped to [0,1].
    /// </summary>
    public static Tensor Apply(string name, Tensor images, int severity, long seed, string set = CorruptionSet.MonotoneName)
    {
        var corruption = CorruptionSet.Get(set).Find(name);
        ArgumentNullException.ThrowIfNull(images);
        if (severity < 1 || severity > MaxSeverity)
            throw new ArgumentException($"severity {severity} is outside 1..{MaxSeverity}.", nameof(severity));
        if (images.dim() != 4 || (images.shape[1] != 1 && images.shape[1] != 3))
            throw new ArgumentException($"corruptions need images [N,C,H,W] with C = 1 (grey) or 3 (RGB); got shape [{string.Join(",", images.shape)}].", nameof(images));
        if (!images.is_floating_point())
            throw new ArgumentException($"corruptions need floating-point images in [0,1]; got {images.dtype}.", nameof(images));
        if (images.shape[2] < 8 || images.shape[3] < 8)
            throw new ArgumentException($"corruptions need images of at least 8x8 pixels; got {images.shape[2]}x{images.shape[3]}.", nameof(images));
        if (images.numel() > 0)
        {
            double lo = images.min().ToDouble(), hi = images.max().ToDouble();
            if (lo < 0 || hi > 1) throw new ArgumentException($"images must be in [0,1] (found [{lo}, {hi}]).", nameof(images));
        }
        using var scope = NewDisposeScope();
        using var generator = SeededRandom.Create(seed);
        return corruption.Apply(images.detach(), severity, generator).clamp(0, 1).MoveToOuterDisposeScope();
    }
}
