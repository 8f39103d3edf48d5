using GapLab.Data;

namespace GapLab.Core.Tests.Data;

public class MnistLayoutTests
{
    [Fact]
    public void Mnist_loads_a_directory_mixing_raw_and_gzip_files()
    {
        using var tmp = new TempDirectory();
        IdxWriter.WriteImages(tmp.File("train-images-idx3-ubyte"), new byte[] { 0, 255, 10, 20 }, 2, 1, 2, gzip: false);
        IdxWriter.WriteLabels(tmp.File("train-labels-idx1-ubyte.gz"), new byte[] { 7, 3 });
        IdxWriter.WriteImages(tmp.File("t10k-images-idx3-ubyte.gz"), new byte[] { 1, 2 }, 1, 1, 2);
        IdxWriter.WriteLabels(tmp.File("t10k-labels-idx1-ubyte"), new byte[] { 9 }, gzip: false);

        var s = Mnist.Load(tmp.Path);

        Assert.Equal(new[] { 7, 3 }, s.Train.Labels);
        Assert.Equal(new[] { 9 }, s.Test.Labels);
        Assert.Equal(new[] { 0f, 1f, 10f / 255f, 20f / 255f }, s.Train.Features);
        Assert.Equal("7", s.Train.ClassNames[7]);
        Assert.Equal("mnist", s.Name);
    }

    [Fact]
    public void Fashion_mnist_missing_file_names_expected_files_and_how_to_get_them()
    {
        using var tmp = new TempDirectory();
        var e = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load(tmp.Path));
        Assert.Contains("train-images-idx3-ubyte", e.Message);
        Assert.Contains("t10k-labels-idx1-ubyte", e.Message);
        Assert.Contains("apt-get install dataset-fashion-mnist", e.Message);
        Assert.Contains("--data DIR", e.Message);
    }

    [Fact]
    public void Fashion_mnist_class_names_follow_the_label_order()
    {
        Assert.Equal(10, FashionMnist.ClassNames.Count);
        Assert.Equal("T-shirt/top", FashionMnist.ClassNames[0]);
        Assert.Equal("Sandal", FashionMnist.ClassNames[5]);
        Assert.Equal("Ankle boot", FashionMnist.ClassNames[9]);
    }
}
