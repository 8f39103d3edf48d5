namespace GapLab.Quality;

/// <summary>
/// A named implementation of the 15 ImageNet-C / CIFAR-10-C corruptions (same names, same order), chosen by <c>--corruption-set</c>:
/// <list type="bullet">
/// <item><c>gaplab-monotone</c> (default): CIFAR-10-C constants where their damage rises with severity; Tiny-ImageNet-C's motion-blur sigmas and
/// pixelate factors, glass-blur tuples reordered (plus a third pass), snow severity 5 and elastic magnitudes changed so that SSIM strictly falls
/// with severity; GapLab's own kernels (soft disk, fBm fog, procedural frost).</item>
/// <item><c>cifar10-c</c>: every per-severity constant of Hendrycks &amp; Dietterich's make_cifar_c.py, with its blur, zoom, motion-blur, glass,
/// snow, fog (diamond-square) and elastic steps re-implemented; frost's photographs and JPEG's entropy coder are not reproduced.</item>
/// </list>
/// Deviations and their measured sizes: docs/quality-metrics.md.
/// </summary>
public sealed class CorruptionSet
{
    public const string MonotoneName = "gaplab-monotone", Cifar10CName = "cifar10-c";

    /// <summary>GapLab's monotone variant (the default).</summary>
    public static CorruptionSet Monotone { get; } = new(MonotoneName,
        "GapLab's monotone variant: CIFAR-10-C constants except Tiny-ImageNet-C motion-blur sigmas and pixelate factors and reordered glass blur, snow 5, elastic",
        new Corruption[]
        {
            new GaussianNoiseCorruption(), new ShotNoiseCorruption(), new ImpulseNoiseCorruption(),
            new DefocusBlurCorruption(), new GlassBlurCorruption(), new MotionBlurCorruption(), new ZoomBlurCorruption(),
            new SnowCorruption(), new FrostCorruption(), new FogCorruption(),
            new BrightnessCorruption(), new ContrastCorruption(), new ElasticTransformCorruption(), new PixelateCorruption(PixelateCorruption.MonotoneFactors),
            new JpegCompressionCorruption(),
        });

    /// <summary>make_cifar_c.py's constants and steps.</summary>
    public static CorruptionSet Cifar10C { get; } = new(Cifar10CName,
        "make_cifar_c.py (Hendrycks & Dietterich) constants for all 15; procedural frost texture and JPEG without entropy coding",
        new Corruption[]
        {
            new GaussianNoiseCorruption(), new ShotNoiseCorruption(), new ImpulseNoiseCorruption(),
            new DefocusBlurCifar10CCorruption(), new GlassBlurCifar10CCorruption(), new MotionBlurCifar10CCorruption(), new ZoomBlurCifar10CCorruption(),
            new SnowCifar10CCorruption(), new FrostCorruption(), new FogCorruption(diamondSquare: true),
            new BrightnessCorruption(), new ContrastCorruption(), new ElasticTransformCifar10CCorruption(), new PixelateCorruption(PixelateCorruption.Cifar10CFactors, pilBox: true),
            new JpegCompressionCorruption(),
        });

    /// <summary>The set used when none is named.</summary>
    public static CorruptionSet Default => Monotone;

    /// <summary>Every set, default first.</summary>
    public static IReadOnlyList<CorruptionSet> All { get; } = new[] { Monotone, Cifar10C };

    /// <summary>The accepted set names, default first.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(s => s.Name).ToArray();

    public string Name { get; }
    /// <summary>Where the constants come from, one line (recorded in reports).</summary>
    public string Description { get; }
    internal IReadOnlyList<Corruption> Corruptions { get; }

    CorruptionSet(string name, string description, Corruption[] corruptions) => (Name, Description, Corruptions) = (name, description, corruptions);

    /// <summary>The set called <paramref name="name"/>; an unknown name throws one line listing the accepted ones.</summary>
    public static CorruptionSet Get(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal))
        ?? throw new ArgumentException($"unknown corruption set '{name}'; accepted: {string.Join(", ", Names)}.", nameof(name));

    /// <summary>Help of the --corruption-set option of both front ends (gaplab quality, #!gaplab quality): the accepted names and what each is.</summary>
    public static string OptionHelp =>
        $"Which implementation renders the generated corruptions: {string.Join(" | ", Names)} (default {MonotoneName}: GapLab's variant, monotone in SSIM, " +
        $"with Tiny-ImageNet-C motion-blur and pixelate constants; {Cifar10CName}: make_cifar_c.py's constants and steps; see docs/quality-metrics.md).";

    /// <summary>The value of --corruption-set when it names a set; otherwise one error line listing the accepted names.</summary>
    public static string ParseOption(string name) =>
        Names.Contains(name) ? name : throw new ArgumentException($"--corruption-set '{name}': unknown corruption set; accepted: {string.Join(", ", Names)}.");

    internal Corruption Find(string name) =>
        Corruptions.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal))
        ?? throw new ArgumentException($"unknown corruption '{name}'; known: {string.Join(", ", Corruptions.Select(c => c.Name))}.", nameof(name));
}
