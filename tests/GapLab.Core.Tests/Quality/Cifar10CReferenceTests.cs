using System.Globalization;
using System.Text.Json;
using GapLab.Core.Tests.Science;
using GapLab.Quality;
using Xunit.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Core.Tests.Quality;

/// <summary>
/// The cifar10-c corruption set against reference pixels that docs/cifar10c-reference/make_reference.py computed with the libraries make_cifar_c.py
/// calls (numpy, scipy.ndimage, skimage, OpenCV, ImageMagick 6 motion blur, PIL) on one fixed 32x32 RGB image, with the random draws fixed
/// (motion-blur angles) or replayed (glass-blur offsets, the noises, elastic, fog and snow draws); frost (photographs) is the one left out. Errors are in [0,1] pixel units; the measured values are in docs/quality-metrics.md.
/// </summary>
public class Cifar10CReferenceTests(ITestOutputHelper output)
{
    static readonly Lazy<JsonDocument> Reference = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(CommittedTablesTests.Repo(), "docs", "cifar10c-reference", "reference.json"))));

    static JsonElement Root => Reference.Value.RootElement;

    /// <summary>An HWC uint8 base64 image as [1,3,32,32] floats / 255.</summary>
    static Tensor Uint8Image(string base64) => Hwc32(base64, (b, i) => b[i] / 255f, 1);

    /// <summary>An HWC little-endian uint16 (v * 65535) base64 image as [1,3,32,32] floats.</summary>
    static Tensor Unit16Image(string base64) => Hwc32(base64, (b, i) => BitConverter.ToUInt16(b, i) / 65535f, 2);

    /// <summary>An HWC base64 image of <paramref name="width"/>-byte values, each read by <paramref name="read"/>, as [1,3,32,32] floats.</summary>
    static Tensor Hwc32(string base64, Func<byte[], int, float> read, int width)
    {
        var bytes = Convert.FromBase64String(base64);
        return Chw(Enumerable.Range(0, bytes.Length / width).Select(i => read(bytes, width * i)).ToArray());
    }

    static Tensor Chw(float[] hwc) => tensor(hwc, new long[] { 1, 32, 32, 3 }).permute(0, 3, 1, 2).contiguous();

    static Tensor Input => Uint8Image(Root.GetProperty("image_uint8").GetString()!);

    static JsonElement Case(string corruption, int severity) => Root.GetProperty(corruption).GetProperty(severity.ToString(CultureInfo.InvariantCulture));

    (double Mean, double Max) Compare(string what, Tensor ours, Tensor reference)
    {
        var diff = (ours - reference).abs();
        var result = (diff.mean().ToDouble(), diff.max().ToDouble());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: mean |error| {result.Item1:E2}, max {result.Item2:E2} ({result.Item2 * 255:F3}/255)"));
        return result;
    }

    /// <summary>
    /// The blurred disk against OpenCV's GaussianBlur of make_cifar_c.py's float32 disk (tolerance 1e-7: float32 kernels), and the image
    /// against cv2.filter2D per channel (reflect-101 borders) in float64: tolerance 2e-5 (float32 plus the uint16 encoding).
    /// </summary>
    [Fact]
    public void Defocus_blur_matches_opencv()
    {
        GapLab.Runtime.TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        for (int s = 1; s <= 5; s++)
        {
            var c = Case("defocus_blur", s);
            var kernel = DefocusBlurCifar10CCorruption.Kernel(c.GetProperty("radius").GetDouble(), c.GetProperty("alias_blur").GetDouble());
            var expected = c.GetProperty("kernel").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.Equal(17 * 17, expected.Length);
            double worst = Enumerable.Range(0, expected.Length).Max(i => Math.Abs(kernel[i / 17, i % 17] - expected[i]));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"defocus_blur s{s} kernel: max |error| {worst:E2}"));
            Assert.True(worst < 1e-7, $"kernel s{s}: {worst}");
            var reference = Unit16Image(c.GetProperty("output_unit16").GetString()!);
            var ours = CorruptionCatalog.Apply("defocus_blur", Input, s, seed: 0, set: CorruptionSet.Cifar10CName);
            Assert.True(Compare($"defocus_blur s{s} cifar10-c", ours, reference).Max < 2e-5);
        }
    }

    static double[] Float64s(string base64)
    {
        var bytes = Convert.FromBase64String(base64);
        return Enumerable.Range(0, bytes.Length / 8).Select(i => BitConverter.ToDouble(bytes, 8 * i)).ToArray();
    }

    /// <summary>
    /// elastic_transform replayed with the reference's draws (affine moves and the two uniform fields from numpy RandomState(2)): OpenCV's
    /// warpAffine (coordinates on its 1/32-pixel grid, reflect-101 borders) then scipy's map_coordinates (half-sample reflection).
    /// Tolerance 2e-5: float32 plus the uint16 encoding. (With exact coordinates and half-sample borders in the affine step the error was
    /// 31/255 at the borders and 3/255 inside.)
    /// </summary>
    [Fact]
    public void Elastic_transform_with_the_reference_draws_is_close_to_opencv_and_scipy()
    {
        GapLab.Runtime.TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        for (int s = 1; s <= 5; s++)
        {
            var c = Case("elastic_transform", s);
            var (alpha, sigma, affine) = ElasticTransformCifar10CCorruption.Params[s - 1];
            Assert.Equal((alpha * 32, sigma * 32, affine * 32), (c.GetProperty("alpha").GetDouble(), c.GetProperty("sigma").GetDouble(), c.GetProperty("affine").GetDouble()));
            var moves = c.GetProperty("moves").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var uniform = tensor(Float64s(c.GetProperty("uniform_dx_float64").GetString()!).Concat(Float64s(c.GetProperty("uniform_dy_float64").GetString()!))
                .Select(v => (float)v).ToArray(), new long[] { 1, 2, 32, 32 });
            var reference = Unit16Image(c.GetProperty("output_unit16").GetString()!);
            var ours = ElasticTransformCifar10CCorruption.Render(Input, alpha, sigma, moves, uniform).clamp(0, 1);
            var (mean, max) = Compare($"elastic_transform s{s}", ours, reference);
            Assert.True(max < 2e-5, $"elastic_transform s{s}: mean {mean}, max {max}");
        }
    }

    /// <summary>
    /// fog replayed with the reference's plasma-fractal draws (numpy RandomState(3), in call order): the diamond-square map equals
    /// plasma_fractal's to 1e-12 (float64 both), the image make_cifar_c.py's to 2e-5 (float32 plus the uint16 encoding).
    /// </summary>
    [Fact]
    public void Fog_with_the_reference_draws_matches_the_plasma_fractal()
    {
        GapLab.Runtime.TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        for (int s = 1; s <= 5; s++)
        {
            var c = Case("fog", s);
            var (thickness, decay) = FogCorruption.ParamsOf(s);
            Assert.Equal((thickness, decay), (c.GetProperty("thickness").GetDouble(), c.GetProperty("decay").GetDouble()));
            var draws = Float64s(c.GetProperty("uniform_draws_float64").GetString()!);
            int used = 0;
            var map = ReferenceImageOps.PlasmaFractal(32, decay, (count, wibble) =>
            {
                var next = draws.AsSpan(used, count).ToArray();
                used += count;
                Assert.All(next, v => Assert.InRange(v, -wibble, wibble));
                return next;
            });
            Assert.Equal(draws.Length, used);
            var plasma = Float64s(c.GetProperty("plasma_float64").GetString()!);
            double worst = Enumerable.Range(0, 32 * 32).Max(i => Math.Abs(map[i / 32, i % 32] - plasma[i]));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fog s{s} plasma map: max |error| {worst:E2}"));
            Assert.True(worst < 1e-12, $"plasma s{s}: {worst}");
            var haze = tensor(plasma.Select(v => (float)v).ToArray(), new long[] { 1, 1, 32, 32 });
            var reference = Unit16Image(c.GetProperty("output_unit16").GetString()!);
            var ours = FogCorruption.Render(Input, thickness, haze).clamp(0, 1);
            Assert.True(Compare($"fog s{s}", ours, reference).Max < 2e-5);
        }
    }

    /// <summary>
    /// snow replayed with the reference's draws (numpy RandomState(4): the normal layer, then the angle): the flake layer truncated to
    /// 8 bits, ImageMagick's motion blur written as 8 bits (rounded), OpenCV's grey for the whitening. Tolerance 2e-5 (float32 plus the
    /// uint16 encoding); before GapLab rounded the blurred layer to 8 bits as the reference's PNG does, the error was up to 0.96/255.
    /// </summary>
    [Fact]
    public void Snow_with_the_reference_draws_matches_imagemagick_and_opencv()
    {
        GapLab.Runtime.TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        for (int s = 1; s <= 5; s++)
        {
            var c = Case("snow", s);
            var p = SnowCifar10CCorruption.Params[s - 1];
            Assert.Equal(new[] { p.Loc, p.Scale, p.Zoom, p.Threshold, p.Radius, p.Sigma, p.Blend }, c.GetProperty("params").EnumerateArray().Select(v => v.GetDouble()));
            var normal = tensor(Float64s(c.GetProperty("normal_float64").GetString()!).Select(v => (float)v).ToArray(), new long[] { 1, 1, 32, 32 });
            var reference = Unit16Image(c.GetProperty("output_unit16").GetString()!);
            var ours = SnowCifar10CCorruption.Render(Input, s, normal, [c.GetProperty("angle_degrees").GetDouble()]).clamp(0, 1);
            var (mean, max) = Compare($"snow s{s} angle {c.GetProperty("angle_degrees").GetDouble():F2}", ours, reference);
            Assert.True(max < 2e-5, $"snow s{s}: mean {mean}, max {max}");
        }
    }

    static Tensor Float32Image(string base64) => Hwc32(base64, BitConverter.ToSingle, 4);

    /// <summary>
    /// The three noises replayed with the reference's draws (numpy RandomState(5) for the Gaussian and Poisson draws; skimage's two
    /// Bernoulli draws per value for impulse noise, from default_rng(100 + severity)): the constants and formulas, clipped to [0,1].
    /// Tolerance 2e-5 (float32 plus the uint16 encoding).
    /// </summary>
    [Fact]
    public void Noises_with_the_reference_draws_match_numpy_and_skimage()
    {
        GapLab.Runtime.TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        for (int s = 1; s <= 5; s++)
        {
            var g = Case("gaussian_noise", s);
            var gauss = GaussianNoiseCorruption.Render(Input, s, Float32Image(g.GetProperty("normal_float32").GetString()!)).clamp(0, 1);
            Assert.True(Compare($"gaussian_noise s{s}", gauss, Unit16Image(g.GetProperty("output_unit16").GetString()!)).Max < 2e-5);
            var p = Case("shot_noise", s);
            var counts = Hwc32(p.GetProperty("counts_uint16").GetString()!, (b, i) => BitConverter.ToUInt16(b, i), 2);
            var shot = ShotNoiseCorruption.Render(Input, s, counts).clamp(0, 1);
            Assert.True(Compare($"shot_noise s{s}", shot, Unit16Image(p.GetProperty("output_unit16").GetString()!)).Max < 2e-5);
            var i = Case("impulse_noise", s);
            var impulse = ImpulseNoiseCorruption.Render(Input, s, Float32Image(i.GetProperty("hit_float32").GetString()!), Float32Image(i.GetProperty("salt_float32").GetString()!)).clamp(0, 1);
            Assert.True(Compare($"impulse_noise s{s}", impulse, Unit16Image(i.GetProperty("output_unit16").GetString()!)).Max < 2e-5);
        }
    }

    [Fact]
    public void Zoom_factors_are_numpy_arange_values()
    {
        GapLab.Runtime.TorchRuntime.EnsureLoaded();
        for (int s = 1; s <= 5; s++)
            Assert.Equal(Case("zoom_blur", s).GetProperty("zooms").EnumerateArray().Select(z => z.GetDouble()).ToArray(), ZoomBlurCifar10CCorruption.Zooms(s));
    }

    /// <summary>Tolerance 2e-5: float32 sums of up to 27 zooms plus the 7.7e-6 of the uint16 encoding.</summary>
    [Fact]
    public void Zoom_blur_matches_scipy_clipped_zoom()
    {
        GapLab.Runtime.TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        for (int s = 1; s <= 5; s++)
        {
            var reference = Unit16Image(Case("zoom_blur", s).GetProperty("output_unit16").GetString()!);
            var ours = CorruptionCatalog.Apply("zoom_blur", Input, s, seed: 0, set: CorruptionSet.Cifar10CName);
            Assert.True(Compare($"zoom_blur s{s} cifar10-c", ours, reference).Max < 2e-5);
            Compare($"zoom_blur s{s} gaplab-monotone", CorruptionCatalog.Apply("zoom_blur", Input, s, seed: 0), reference);
        }
    }

    /// <summary>ImageMagick writes 8-bit pixels (rounded); GapLab keeps floats: tolerance 0.5/255 plus 1e-4.</summary>
    [Fact]
    public void Motion_blur_matches_imagemagick()
    {
        GapLab.Runtime.TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        for (int s = 1; s <= 5; s++)
        {
            var c = Case("motion_blur", s);
            Assert.Equal((c.GetProperty("radius").GetDouble(), c.GetProperty("sigma").GetDouble()), MotionBlurCifar10CCorruption.Params[s - 1]);
            var reference = Uint8Image(c.GetProperty("output_uint8").GetString()!);
            var ours = ReferenceImageOps.MagickMotionBlur(Input, MotionBlurCifar10CCorruption.Params[s - 1].Radius, MotionBlurCifar10CCorruption.Params[s - 1].Sigma,
                new[] { c.GetProperty("angle_degrees").GetDouble() }).clamp(0, 1);
            Assert.True(Compare($"motion_blur s{s} angle {c.GetProperty("angle_degrees").GetDouble()}", ours, reference).Max < 0.5 / 255 + 1e-4);
        }
    }

    /// <summary>
    /// Glass blur replayed with the reference's numpy offsets. The 8-bit cast truncates, so a float32-vs-float64 difference at a level boundary
    /// moves a pixel by one level (1/255) before the second blur: tolerance max 1/255, mean 1e-4.
    /// </summary>
    [Fact]
    public void Glass_blur_with_the_reference_offsets_matches_skimage()
    {
        GapLab.Runtime.TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        for (int s = 1; s <= 5; s++)
        {
            var c = Case("glass_blur", s);
            var (sigma, delta, iterations) = GlassBlurCifar10CCorruption.Params[s - 1];
            var letters = c.GetProperty("offsets").GetString()!;
            Assert.Equal(iterations * 30 * 30, letters.Length);
            var offsets = new List<int[]>();
            for (int it = 0, k = 0; it < iterations; it++)
            {
                var o = new int[32 * 32 * 2];
                for (int h = 31; h > 1; h--)
                    for (int w = 31; w > 1; w--, k++)
                    {
                        int code = letters[k] - 'a';
                        o[(h * 32 + w) * 2] = code / 2 - 1;
                        o[(h * 32 + w) * 2 + 1] = code % 2 - 1;
                    }
                offsets.Add(o);
            }
            var reference = Unit16Image(c.GetProperty("output_unit16").GetString()!);
            var ours = GlassBlurCifar10CCorruption.Render(Input, sigma, delta, offsets).clamp(0, 1);
            var (mean, max) = Compare($"glass_blur s{s}", ours, reference);
            Assert.True(max <= 1 / 255.0 + 2e-5 && mean < 1e-4, $"glass_blur s{s}: mean {mean}, max {max}");
        }
    }

    /// <summary>
    /// PIL rounds to 8 bits after each resampling pass (horizontal, vertical) and at the end; GapLab keeps floats: tolerance max 1/255 plus 1e-5.
    /// </summary>
    [Fact]
    public void Pixelate_matches_pil_box_resize()
    {
        GapLab.Runtime.TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        for (int s = 1; s <= 5; s++)
        {
            var reference = Uint8Image(Case("pixelate", s).GetProperty("output_uint8").GetString()!);
            var ours = CorruptionCatalog.Apply("pixelate", Input, s, seed: 0, set: CorruptionSet.Cifar10CName);
            Assert.True(Compare($"pixelate s{s} cifar10-c", ours, reference).Max <= 1 / 255.0 + 1e-5);
        }
    }

    /// <summary>Contrast (numpy) and brightness (skimage HSV) are exact formulas: tolerance 2e-5 (float32 plus the uint16 encoding).</summary>
    [Theory]
    [InlineData("contrast")]
    [InlineData("brightness")]
    public void Contrast_and_brightness_match_numpy_and_skimage(string corruption)
    {
        GapLab.Runtime.TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        for (int s = 1; s <= 5; s++)
        {
            var reference = Unit16Image(Case(corruption, s).GetProperty("output_unit16").GetString()!);
            var ours = CorruptionCatalog.Apply(corruption, Input, s, seed: 0, set: CorruptionSet.Cifar10CName);
            Assert.True(Compare($"{corruption} s{s}", ours, reference).Max < 2e-5);
        }
    }

    /// <summary>
    /// JPEG is not exact: GapLab has no entropy coder (lossless, no effect) but averages chroma 2x2 and up-samples it bilinearly where libjpeg
    /// uses its own "fancy" up-sampling and integer DCTs. The bound (mean 0.01 = 2.6/255) pins the measured deviation so that a change is seen.
    /// </summary>
    [Fact]
    public void Jpeg_deviation_from_pil_is_measured()
    {
        GapLab.Runtime.TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        for (int s = 1; s <= 5; s++)
        {
            var reference = Uint8Image(Case("jpeg_compression", s).GetProperty("output_uint8").GetString()!);
            var ours = CorruptionCatalog.Apply("jpeg_compression", Input, s, seed: 0, set: CorruptionSet.Cifar10CName);
            Assert.True(Compare($"jpeg_compression s{s}", ours, reference).Mean < 0.01);
        }
    }
}
