using GapLab.Data;
using GapLab.Models;

namespace GapLab.Core.Tests.Models;

public class InputShapeTests
{
    static Dataset Data(int[] shape, int classes) =>
        new("t", new float[shape.Aggregate(1, (a, b) => a * b) * 2], [0, 1], shape, Enumerable.Range(0, classes).Select(i => $"c{i}").ToArray());

    [Fact]
    public void Of_dataset_maps_image_and_vector_sample_shapes()
    {
        Assert.Equal(new InputShape(1, 28, 28, 10), InputShape.Of(Data([1, 28, 28], 10)));
        Assert.Equal(new InputShape(3, 32, 32, 2), InputShape.Of(Data([3, 32, 32], 2)));
        Assert.Equal(new InputShape(1, 8, 6, 3), InputShape.Of(Data([8, 6], 3)));
        var flat = InputShape.Of(Data([5], 4));
        Assert.Equal(InputShape.Flat(5, 4), flat);
        Assert.True(flat.IsFlat);
        Assert.Equal(5, flat.Features);
        Assert.Equal(new long[] { 7, 5 }, flat.BatchShape(7));
        Assert.Equal(new long[] { 7, 1, 28, 28 }, new InputShape(1, 28, 28, 10).BatchShape(7));
        Assert.Throws<ArgumentException>(() => InputShape.Of(Data([1, 2, 2, 2], 2)));
    }

    [Fact]
    public void Text_form_round_trips_and_bad_values_are_rejected()
    {
        var s = new InputShape(3, 32, 32, 10);
        Assert.Equal("3x32x32->10", s.ToString());
        Assert.Equal(s, InputShape.Parse("3x32x32->10"));
        Assert.Throws<FormatException>(() => InputShape.Parse("3x32->10"));
        Assert.Throws<FormatException>(() => InputShape.Parse("3x32x32"));
        Assert.Throws<ArgumentException>(() => new InputShape(0, 28, 28, 10));
        Assert.Throws<ArgumentException>(() => new InputShape(1, 28, 28, 1));
    }
}
