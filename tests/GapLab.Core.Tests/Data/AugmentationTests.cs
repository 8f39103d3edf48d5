using GapLab.Data;
using GapLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Core.Tests.Data;

public class AugmentationTests
{
    public AugmentationTests() => TorchRuntime.EnsureLoaded();

    static float[] Values(Tensor t) => t.contiguous().data<float>().ToArray();

    static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && Values(a).SequenceEqual(Values(b));

    static Tensor Image3x3() => tensor(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, new long[] { 1, 1, 3, 3 });

    [Fact]
    public void Forced_flip_mirrors_each_row()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, new long[] { 1, 1, 2, 3 });
        Assert.Equal(new float[] { 3, 2, 1, 6, 5, 4 }, Values(Augmentation.HorizontalFlip(x, new[] { true })));
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, Values(Augmentation.HorizontalFlip(x, new[] { false })));
        var two = cat(new[] { x, x + 10 }, 0);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6, 13, 12, 11, 16, 15, 14 }, Values(Augmentation.HorizontalFlip(two, new[] { false, true })));
    }

    [Theory]
    [InlineData(0, 0, new float[] { 0, 0, 0, 0, 1, 2, 0, 4, 5 })]
    [InlineData(2, 1, new float[] { 4, 5, 6, 7, 8, 9, 0, 0, 0 })]
    [InlineData(1, 2, new float[] { 2, 3, 0, 5, 6, 0, 8, 9, 0 })]
    [InlineData(1, 1, new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 })]
    public void Crop_with_pad_1_at_forced_offset_is_the_shifted_image(long dy, long dx, float[] expected)
    {
        using var scope = NewDisposeScope();
        Assert.Equal(expected, Values(Augmentation.RandomCrop(Image3x3(), 1, new[] { dy }, new[] { dx })));
    }

    [Fact]
    public void Random_crops_are_among_the_forced_crops_and_keep_shape()
    {
        using var scope = NewDisposeScope();
        var x = arange(2 * 3 * 6 * 6, ScalarType.Float32).view(2, 3, 6, 6) + 1;
        using var g = new Generator(42, CPU);
        var y = Augmentation.RandomCrop(x, 2, g);
        Assert.Equal(x.shape, y.shape);
        for (int i = 0; i < 2; i++)
        {
            var sample = x.narrow(0, i, 1);
            var got = Values(y.narrow(0, i, 1));
            bool found = false;
            for (long dy = 0; dy <= 4 && !found; dy++)
                for (long dx = 0; dx <= 4 && !found; dx++)
                    found = Values(Augmentation.RandomCrop(sample, 2, new[] { dy }, new[] { dx })).SequenceEqual(got);
            Assert.True(found, $"sample {i} is not a pad-2 crop of its input");
        }
    }

    [Fact]
    public void CropFlip_keeps_shape_and_same_seed_gives_same_output()
    {
        using var scope = NewDisposeScope();
        var x = rand(8, 3, 32, 32);
        var aug = Augmentation.CropFlip(new[] { 3, 32, 32 });
        using var g1 = new Generator(7, CPU);
        using var g2 = new Generator(7, CPU);
        using var g3 = new Generator(8, CPU);
        var a = aug(x, g1);
        var b = aug(x, g2);
        var c = aug(x, g3);
        Assert.Equal(x.shape, a.shape);
        Assert.True(Same(a, b));
        Assert.False(Same(a, c));
        Assert.False(Same(a, x));
        Assert.False(Same(aug(x, g1), a)); // the generator advances
    }

    [Fact]
    public void Flip_probability_is_one_half_and_flags_can_be_turned_off()
    {
        using var scope = NewDisposeScope();
        // 1000 images [0, 1]: flipped ones read [1, 0]
        var x = tensor(new float[] { 0, 1 }).view(1, 1, 1, 2).expand(1000, 1, 1, 2).contiguous();
        using var g = new Generator(3, CPU);
        var flipped = Augmentation.CropFlip(new[] { 1, 1, 2 }, padding: 0)(x, g);
        long count = (long)flipped.select(3, 0).sum().item<float>();
        Assert.InRange(count, 430, 570); // 500 ± 4.4 sd

        var none = Augmentation.CropFlip(new[] { 1, 1, 2 }, padding: 0, flip: false)(x, g);
        Assert.True(Same(none, x));
    }

    [Fact]
    public void Default_padding_and_non_image_identity()
    {
        Assert.Equal(4, Augmentation.DefaultPadding(32, 32));
        Assert.Equal(2, Augmentation.DefaultPadding(28, 28));
        Assert.Equal(1, Augmentation.DefaultPadding(8, 8));
        using var scope = NewDisposeScope();
        var v = rand(5, 2);
        using var g = new Generator(1, CPU);
        Assert.True(Same(Augmentation.CropFlip(new[] { 2 })(v, g), v));
        var wrong = rand(2, 1, 28, 28);
        Assert.Contains("[3,32,32]", Assert.Throws<ArgumentException>(() => Augmentation.CropFlip(new[] { 3, 32, 32 })(wrong, g)).Message);
        Assert.Contains("[0, 2]", Assert.Throws<ArgumentOutOfRangeException>(() => Augmentation.RandomCrop(Image3x3(), 1, new[] { 3L }, new[] { 0L })).Message);
    }
}
