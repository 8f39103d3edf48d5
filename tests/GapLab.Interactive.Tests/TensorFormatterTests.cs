using GapLab.Interactive.Formatting;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Interactive.Tests;

public class TensorFormatterTests
{
    public TensorFormatterTests() => GapLab.Runtime.TorchRuntime.EnsureLoaded();

    [Fact]
    public void Card_shows_shape_dtype_device_and_hand_computed_statistics()
    {
        using var t = tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        var card = HtmlDocument.Card(TensorFormatter.ToHtml(t));
        Assert.Equal("[2, 2]", card["shape"]);
        Assert.Equal("Float32", card["dtype"]);
        Assert.Equal("cpu", card["device"].ToLowerInvariant());
        Assert.Equal("4", card["elements"]);
        Assert.Equal("1", card["min"]);
        Assert.Equal("4", card["max"]);
        Assert.Equal("2.5", card["mean"]);
        Assert.Equal("1.11803", card["std"]); // population std: sqrt(((1.5)^2 + (0.5)^2) * 2 / 4) = sqrt(1.25)
        Assert.Equal("1, 2, 3, 4", card["values"]);
        Assert.DoesNotContain("<img", TensorFormatter.ToHtml(t)); // [2,2] is not image-shaped
    }

    [Fact]
    public void Preview_is_truncated_to_ten_values_and_text_version_has_the_same_fields()
    {
        using var t = arange(0, 12, dtype: ScalarType.Int64);
        var s = TensorSummary.Of(t);
        Assert.Equal(new double[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, s.Preview);
        Assert.EndsWith(", …", s.PreviewText);
        Assert.Equal(5.5, s.Mean);
        var text = TensorFormatter.ToText(t);
        Assert.Contains("shape     [12]", text);
        Assert.Contains("dtype     Int64", text);
    }

    [Fact]
    public void Empty_tensor_has_nan_statistics_and_no_preview()
    {
        using var t = zeros(0, 3);
        var s = TensorSummary.Of(t);
        Assert.Equal(0, s.Count);
        Assert.True(double.IsNaN(s.Mean));
        Assert.Empty(s.Preview);
    }

    [Fact]
    public void Image_batch_is_drawn_as_pngs_with_unit_range_scaled_to_255()
    {
        // N=2, C=1, H=2, W=3; values in [0,1] -> x255, rounded.
        float[] v = [0, 0.5f, 1, 1, 0.5f, 0, 0.2f, 0.2f, 0.2f, 0.4f, 0.4f, 0.4f];
        using var t = tensor(v, [2, 1, 2, 3]);
        Assert.True(TensorImages.IsImageShaped(t));
        var html = TensorFormatter.ToHtml(t);
        var images = HtmlDocument.Parse(html).Descendants("img").Select(i => (string)i.Attribute("src")!).ToList();
        Assert.Equal(2, images.Count);
        var first = PngTests.Decode(Convert.FromBase64String(images[0]["data:image/png;base64,".Length..]));
        Assert.Equal((3, 2, 0), (first.Width, first.Height, first.ColorType));
        Assert.Equal(new byte[] { 0, 128, 255, 255, 128, 0 }, first.Pixels);
        var second = PngTests.Decode(Convert.FromBase64String(images[1]["data:image/png;base64,".Length..]));
        Assert.Equal(new byte[] { 51, 51, 51, 102, 102, 102 }, second.Pixels);
    }

    [Fact]
    public void Rgb_image_outside_unit_range_is_stretched_and_channels_interleaved()
    {
        // C=3, H=1, W=2: R=(-1, 1), G=(0, 0), B=(1, -1) -> min -1, max 1 -> (v+1)*127.5
        using var t = tensor(new float[] { -1, 1, 0, 0, 1, -1 }, [3, 1, 2]);
        var png = TensorImages.ToPngs(t).Single();
        var decoded = PngTests.Decode(png);
        Assert.Equal(2, decoded.ColorType);
        Assert.Equal(new byte[] { 0, 128, 255, 255, 128, 0 }, decoded.Pixels);
    }

    [Theory]
    [InlineData(new long[] { 2, 28, 28 })]     // C=2
    [InlineData(new long[] { 1, 300, 10 })]    // too tall
    [InlineData(new long[] { 28, 28 })]        // no channel axis
    [InlineData(new long[] { 1, 1, 1, 3, 3 })] // 5-D
    public void Non_image_shapes_are_not_drawn(long[] shape)
    {
        using var t = zeros(shape);
        Assert.False(TensorImages.IsImageShaped(t));
        Assert.Empty(TensorImages.ToPngs(t));
    }
}
