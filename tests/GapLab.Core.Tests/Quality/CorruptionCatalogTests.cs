using GapLab.Quality;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Core.Tests.Quality;

public class CorruptionCatalogTests
{
    public CorruptionCatalogTests() => GapLab.Runtime.TorchRuntime.EnsureLoaded();

    public static TheoryData<string> Names() { var d = new TheoryData<string>(); foreach (var n in CorruptionCatalog.Names) d.Add(n); return d; }

    [Fact]
    public void Catalog_lists_the_fifteen_imagenet_c_corruptions_in_order()
    {
        Assert.Equal(new[] { "gaussian_noise", "shot_noise", "impulse_noise", "defocus_blur", "glass_blur", "motion_blur", "zoom_blur",
            "snow", "frost", "fog", "brightness", "contrast", "elastic_transform", "pixelate", "jpeg_compression" }, CorruptionCatalog.Names);
        Assert.All(CorruptionCatalog.All, c => Assert.Equal(5, c.SeverityParameters.Count));
        Assert.Equal(new[] { 3, 4, 3, 5 }, new[] { CorruptionCategory.Noise, CorruptionCategory.Blur, CorruptionCategory.Weather, CorruptionCategory.Digital }
            .Select(cat => CorruptionCatalog.All.Count(c => c.Category == cat)).ToArray());
        Assert.Equal("quality=58", CorruptionCatalog.Get("jpeg_compression").SeverityParameters[2]);
        Assert.Throws<ArgumentException>(() => CorruptionCatalog.Get("rain"));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Ssim_to_the_original_strictly_decreases_with_severity_on_rgb_32(string name) => AssertSsimDecreases(name, 3, 32, 32);

    [Theory]
    [MemberData(nameof(Names))]
    public void Ssim_to_the_original_strictly_decreases_with_severity_on_grey_28(string name) => AssertSsimDecreases(name, 1, 28, 28);

    static void AssertSsimDecreases(string name, int c, int h, int w)
    {
        using var scope = NewDisposeScope();
        var images = QualityTestImages.Natural(6, c, h, w);
        var ssim = new double[6];
        ssim[0] = 1;
        for (int s = 1; s <= 5; s++)
        {
            var corrupted = CorruptionCatalog.Apply(name, images, s, seed: 42);
            Assert.Equal(images.shape, corrupted.shape);
            Assert.True(corrupted.min().ToDouble() >= 0 && corrupted.max().ToDouble() <= 1, $"{name} s{s} left [0,1]");
            ssim[s] = QualityTestImages.MeanSsim(images, corrupted);
        }
        for (int s = 1; s <= 5; s++)
            Assert.True(ssim[s] < ssim[s - 1], $"{name} {c}x{h}x{w}: SSIM by severity 0..5 = [{string.Join(", ", ssim.Select(v => v.ToString("F4")))}] is not strictly decreasing at severity {s}");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Same_seed_gives_the_same_output_and_larger_images_work(string name)
    {
        using var scope = NewDisposeScope();
        var images = QualityTestImages.Natural(2, 3, 48, 64, seed: 5);
        var a = CorruptionCatalog.Apply(name, images, 3, seed: 7);
        var b = CorruptionCatalog.Apply(name, images, 3, seed: 7);
        Assert.Equal(0.0, (a - b).abs().max().ToDouble());
        Assert.True((a - images).abs().max().ToDouble() > 0.01, $"{name}: severity 3 left the images unchanged");
        Assert.True(a.min().ToDouble() >= 0 && a.max().ToDouble() <= 1);
        Assert.Equal(images.shape, a.shape);
    }
}
