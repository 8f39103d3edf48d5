using GapLab.Quality;
using GapLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Core.Tests.Quality;

/// <summary>
/// The cifar10-c corruption set: its per-severity constants equal make_cifar_c.py's (tables copied from the script as facts), and the steps the
/// script takes through numpy, scipy, OpenCV and ImageMagick are checked on hand-worked cases. Pixel comparisons with the real libraries:
/// <see cref="Cifar10CReferenceTests"/>.
/// </summary>
public class Cifar10CCorruptionSetTests
{
    public Cifar10CCorruptionSetTests() => TorchRuntime.EnsureLoaded();

    const string Set = CorruptionSet.Cifar10CName;

    public static TheoryData<string> Names() { var d = new TheoryData<string>(); foreach (var n in CorruptionCatalog.Names) d.Add(n); return d; }

    [Fact]
    public void The_sets_are_named_and_an_unknown_name_is_one_line_listing_the_accepted_ones()
    {
        Assert.Equal(new[] { "gaplab-monotone", "cifar10-c" }, CorruptionSet.Names);
        Assert.Same(CorruptionSet.Monotone, CorruptionSet.Default);
        Assert.Equal(CorruptionCatalog.Names, CorruptionCatalog.AllOf(Set).Select(c => c.Name));
        var e = Assert.Throws<ArgumentException>(() => CorruptionSet.ParseOption("nosuch"));
        Assert.Equal("--corruption-set 'nosuch': unknown corruption set; accepted: gaplab-monotone, cifar10-c.", e.Message);
        Assert.StartsWith("unknown corruption set 'cifar-10-c'; accepted: gaplab-monotone, cifar10-c.", Assert.Throws<ArgumentException>(() => CorruptionSet.Get("cifar-10-c")).Message);
        Assert.Contains("unknown corruption set 'nosuch'", Assert.Throws<ArgumentException>(() => new QualityOptions { CorruptionSet = "nosuch" }.Validate()).Message);
        Assert.All(CorruptionSet.Names, n => Assert.Contains(n, CorruptionSet.OptionHelp));
    }

    [Fact]
    public void Per_severity_constants_equal_make_cifar_c()
    {
        Assert.Equal(new[] { (6.0, 1.0), (6.0, 1.5), (6.0, 2.0), (8.0, 2.0), (9.0, 2.5) }, MotionBlurCifar10CCorruption.Params);
        Assert.Equal(new[] { (0.05, 1, 1), (0.25, 1, 1), (0.4, 1, 1), (0.25, 1, 2), (0.4, 1, 2) }, GlassBlurCifar10CCorruption.Params);
        Assert.Equal(new[] { (0.1, 0.2, 1.0, 0.6, 8.0, 3.0, 0.95), (0.1, 0.2, 1.0, 0.5, 10.0, 4.0, 0.9), (0.15, 0.3, 1.75, 0.55, 10.0, 4.0, 0.9),
            (0.25, 0.3, 2.25, 0.6, 12.0, 6.0, 0.85), (0.3, 0.3, 1.25, 0.65, 14.0, 12.0, 0.8) }, SnowCifar10CCorruption.Params);
        // IMSIZE * (0, 0, .08), (.05, .2, .07), (.08, .06, .06), (.1, .04, .05), (.1, .03, .03)
        Assert.Equal(new[] { (0.0, 0.0, 0.08), (0.05, 0.2, 0.07), (0.08, 0.06, 0.06), (0.1, 0.04, 0.05), (0.1, 0.03, 0.03) }, ElasticTransformCifar10CCorruption.Params);
        Assert.Equal(new[] { 0.95, 0.9, 0.85, 0.75, 0.65 }, PixelateCorruption.Cifar10CFactors);
        var info = CorruptionCatalog.AllOf(Set).ToDictionary(c => c.Name);
        Assert.Equal("radius=9px, sigma=2.5px at 32x32, angle~U(-45,45)", info["motion_blur"].SeverityParameters[4]);
        Assert.Equal("sigma=0.05px, max_delta=1px, iterations=1 at 32x32, offsets in [-1,1)", info["glass_blur"].SeverityParameters[0]);
        Assert.Equal("quality=58", info["jpeg_compression"].SeverityParameters[2]);
        Assert.Equal("factor=0.65, PIL BOX resampling", info["pixelate"].SeverityParameters[4]);
        // the default set keeps its own (Tiny-ImageNet-C) motion sigmas and says so by name
        Assert.Equal("sigma=1px at 32x32, angle~U(-45,45)", CorruptionCatalog.Get("motion_blur").SeverityParameters[0]);
    }

    [Fact]
    public void Glass_blur_offsets_are_numpy_randint_minus_d_to_d_exclusive()
    {
        using var g = SeededRandom.Create(3);
        var offsets = GlassBlurCifar10CCorruption.SampleOffsets(1, 4, 32, 32, g);
        Assert.Equal(4 * 32 * 32 * 2, offsets.Length);
        Assert.Equal(new[] { -1, 0 }, offsets.Distinct().Order());
        Assert.InRange(offsets.Count(o => o == 0) / (double)offsets.Length, 0.45, 0.55);
        var wider = GlassBlurCifar10CCorruption.SampleOffsets(2, 1, 32, 32, g);
        Assert.Equal(new[] { -2, -1, 0, 1 }, wider.Distinct().Order());
    }

    [Fact]
    public void Glass_blur_copies_the_neighbour_like_the_reference_where_a_swap_would_exchange()
    {
        // 4x4 grey image, pixel (y,x) = 4y + x; every offset (dx,dy) = (-1,-1); reference loop for d = 1: rows 3..2, columns 3..2, descending
        var copied = Enumerable.Range(0, 16).Select(v => (float)v).ToArray();
        var swapped = (float[])copied.Clone();
        var offsets = Enumerable.Repeat(-1, 16 * 2).ToArray();
        ImageOps.SwapWithNeighbours(copied, 1, 1, 4, 4, offsets, endMargin: 0, startMargin: 2, neighbourKept: true);
        ImageOps.SwapWithNeighbours(swapped, 1, 1, 4, 4, offsets, endMargin: 0, startMargin: 2);
        // (3,3) <- (2,2) = 10; (3,2) <- (2,1) = 9; (2,3) <- (1,2) = 6; (2,2) <- (1,1) = 5; the neighbours keep their values
        Assert.Equal(new float[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 5, 6, 12, 13, 9, 10 }, copied);
        // a true swap: (3,3)<->(2,2), (3,2)<->(2,1), (2,3)<->(1,2), (2,2)<->(1,1)
        Assert.Equal(new float[] { 0, 1, 2, 3, 4, 15, 11, 7, 8, 14, 5, 6, 12, 13, 9, 10 }, swapped);
    }

    [Fact]
    public void Motion_blur_offsets_and_weights_are_imagemagick_s()
    {
        Assert.Equal(Enumerable.Range(0, 13).Select(i => (i, 0)), ReferenceImageOps.MagickMotionOffsets(6, 0));
        Assert.Equal(Enumerable.Range(0, 13).Select(i => (0, i)), ReferenceImageOps.MagickMotionOffsets(6, 90));
        // 45 degrees: ceil(i / sqrt 2 - 0.5)
        Assert.Equal(new[] { 0, 1, 1, 2, 3, 4, 4, 5, 6, 6, 7, 8, 8 }.Select(v => (v, v)), ReferenceImageOps.MagickMotionOffsets(6, 45));
        Assert.Equal(19, ReferenceImageOps.MagickMotionOffsets(9, 10).Length); // width 2 ceil(radius) + 1
        // radius 6, sigma 1: w_i = exp(-i^2/2) / sum_{j=0..12} exp(-j^2/2)
        var w = ReferenceImageOps.MagickMotionWeights(6, 1);
        Assert.Equal(13, w.Length);
        Assert.Equal(0.5703484474872089, w[0], 12);
        Assert.Equal(0.3459338201204931, w[1], 12);
        Assert.Equal(0.07718826868424375, w[2], 12);
        // one bright pixel at (y 5, x 10), angle 0: out(y, x) = sum_i w_i in(y, x + i), so the trail runs to the left
        using var scope = NewDisposeScope();
        var image = zeros(1, 1, 12, 16);
        image[0, 0, 5, 10] = tensor(1f);
        var blurred = ReferenceImageOps.MagickMotionBlur(image, 6, 1, new[] { 0.0 });
        for (int i = 0; i <= 10; i++) Assert.Equal(w[i], blurred[0, 0, 5, 10 - i].ToDouble(), 6);
        Assert.Equal(0, blurred[0, 0, 5, 11].ToDouble(), 9);
        Assert.Equal(0, blurred[0, 0, 4, 10].ToDouble(), 9);
    }

    [Fact]
    public void Zoom_blur_uses_numpy_arange_counts_and_clipped_zoom_arithmetic()
    {
        // arange(1, 1.06, 0.01) has 7 values because (1.06 - 1) / 0.01 = 6.000000000000005
        Assert.Equal(new[] { 7, 12, 16, 21, 26 }, Enumerable.Range(1, 5).Select(s => ZoomBlurCifar10CCorruption.Zooms(s).Length));
        Assert.Equal(1.0, ZoomBlurCifar10CCorruption.Zooms(1)[0]);
        Assert.Equal(new[] { 1.06, 1.11, 1.15, 1.20, 1.25 }, Enumerable.Range(1, 5).Select(s => Math.Round(ZoomBlurCifar10CCorruption.Zooms(s)[^1], 10)));
        Assert.Equal(1.2500000000000002, ZoomBlurCifar10CCorruption.Zooms(5)[^1]);

        using var scope = NewDisposeScope();
        var like = zeros(1);
        // zoom 1.01: crop ceil(32/1.01) = 32, output round(32.32) = 32: the identity
        Assert.Equal(0, (ReferenceImageOps.ClippedZoomMatrix(32, 1.01, like) - eye(32)).abs().max().ToDouble(), 9);
        // zoom 1.03: crop 32, output 33, trim 0; output o samples 31 o / 32
        var m = ReferenceImageOps.ClippedZoomMatrix(32, 1.03, like);
        Assert.Equal(0.03125, m[1, 0].ToDouble(), 6);
        Assert.Equal(0.96875, m[1, 1].ToDouble(), 6);
        Assert.Equal(0.96875, m[31, 30].ToDouble(), 6);
        // zoom 1.25: crop 26 from row 3, round(32.5) = 32 (half to even): rows 0 and 31 are input rows 3 and 28
        var exact = ReferenceImageOps.ClippedZoomMatrix(32, 1.25, like);
        Assert.Equal(1, exact[0, 3].ToDouble(), 6);
        Assert.Equal(1, exact[31, 28].ToDouble(), 6);
        // numpy's 1.2500000000000002: round(32.500000000000005) = 33, step 25/32, so row 31 samples 3 + 31 * 25/32 = 27.21875
        var numpy = ReferenceImageOps.ClippedZoomMatrix(32, ZoomBlurCifar10CCorruption.Zooms(5)[^1], like);
        Assert.Equal(0.78125, numpy[31, 27].ToDouble(), 6);
        Assert.Equal(0.21875, numpy[31, 28].ToDouble(), 6);
    }

    [Fact]
    public void Defocus_kernel_is_the_hard_disk_blurred_by_opencv()
    {
        // r = 0.3 keeps the centre only; a 3x3 Gaussian of sigma 0.4: centre (1/(1+2g))^2, edge g/(1+2g)^2, g = exp(-1/(2 0.16))
        var k = DefocusBlurCifar10CCorruption.Kernel(0.3, 0.4);
        Assert.Equal(17, k.GetLength(0));
        Assert.Equal(0.844973154672599, k[8, 8], 6);
        Assert.Equal(0.03712552941041115, k[8, 9], 6);
        Assert.Equal(0, k[8, 10]);
        // r = 1: the disk is the centre and its 4 neighbours (weight 1/5 each); a 0.2 blur leaks exp(-12.5) of it
        var plus = DefocusBlurCifar10CCorruption.Kernel(1, 0.2);
        Assert.Equal(0.2, plus[8, 8], 4);
        Assert.Equal(0.2, plus[7, 8], 4);
        Assert.True(plus[7, 7] < 1e-5);
        Assert.Equal(1, k.Cast<float>().Sum(), 5);
    }

    [Fact]
    public void Plasma_fractal_is_scaled_to_the_unit_interval()
    {
        using var g = SeededRandom.Create(2);
        var map = ReferenceImageOps.PlasmaFractal(32, 3, g);
        var values = map.Cast<double>().ToArray();
        Assert.Equal(32 * 32, values.Length);
        Assert.Equal(0, values.Min());
        Assert.Equal(1, values.Max());
        Assert.True(values.Distinct().Count() > 1000);
        Assert.Throws<ArgumentException>(() => ReferenceImageOps.PlasmaFractal(24, 3, g));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_corruption_runs_in_range_deterministically_on_rgb_grey_and_larger_images(string name)
    {
        using var scope = NewDisposeScope();
        foreach (var (c, h, w) in new[] { (3, 32, 32), (1, 28, 28), (3, 48, 64) })
        {
            var images = QualityTestImages.Natural(2, c, h, w, seed: 5);
            for (int s = 1; s <= 5; s++)
            {
                var a = CorruptionCatalog.Apply(name, images, s, seed: 7, set: Set);
                Assert.Equal(images.shape, a.shape);
                Assert.True(a.min().ToDouble() >= 0 && a.max().ToDouble() <= 1, $"{name} s{s} {c}x{h}x{w} left [0,1]");
                Assert.Equal(0.0, (a - CorruptionCatalog.Apply(name, images, s, seed: 7, set: Set)).abs().max().ToDouble());
            }
            Assert.True((CorruptionCatalog.Apply(name, images, 5, seed: 7, set: Set) - images).abs().max().ToDouble() > 0.01, $"{name} {c}x{h}x{w}: severity 5 left the images unchanged");
        }
    }

    /// <summary>docs/quality-metrics.md quotes the mean SSIM by severity of the four cifar10-c corruptions that are not monotone (the six
    /// test images of <c>CorruptionCatalogTests</c>, 3x32x32, seed 42); this computes them.</summary>
    [Fact]
    public void The_docs_quote_the_mean_ssim_by_severity_of_the_non_monotone_corruptions()
    {
        using var scope = NewDisposeScope();
        var images = QualityTestImages.Natural(6, 3, 32, 32);
        string Ssims(string name) => string.Join(" ", Enumerable.Range(1, 5).Select(sv =>
            QualityTestImages.MeanSsim(images, CorruptionCatalog.Apply(name, images, sv, seed: 42, set: Set)).ToString("F3", System.Globalization.CultureInfo.InvariantCulture)[1..]));
        var doc = string.Join(' ', File.ReadAllText(Path.Combine(GapLab.Core.Tests.Science.CommittedTablesTests.Repo(), "docs", "quality-metrics.md"))
            .Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        var missing = new[] { "glass_blur", "motion_blur", "snow", "elastic_transform" }.Select(name => $"{name} {Ssims(name)}")
            .Where(quote => !doc.Contains(quote, StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "docs/quality-metrics.md should say: " + string.Join("; ", missing));
    }
}
