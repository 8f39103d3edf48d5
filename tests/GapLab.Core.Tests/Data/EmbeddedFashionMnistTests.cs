using System.Security.Cryptography;
using GapLab.Data;

namespace GapLab.Core.Tests.Data;

public class EmbeddedFashionMnistTests
{
    [Fact]
    public void Embedded_subset_has_1200_train_and_200_test_images_per_class()
    {
        var s = EmbeddedFashionMnist.Load();
        Assert.Equal("fashion-mnist-embedded", s.Name);
        Assert.Equal(12000, s.Train.Count);
        Assert.Equal(2000, s.Test.Count);
        Assert.All(s.Train.ClassCounts(), c => Assert.Equal(1200, c));
        Assert.All(s.Test.ClassCounts(), c => Assert.Equal(200, c));
        Assert.Equal(new[] { 1, 28, 28 }, s.Train.SampleShape);
        Assert.Equal(FashionMnist.ClassNames, s.Train.ClassNames);
        Assert.Equal(0f, s.Train.Features.Min());
        Assert.Equal(1f, s.Train.Features.Max());
        Assert.InRange(s.Test.Features.Min(), 0f, 1f);
        Assert.InRange(s.Test.Features.Max(), 0f, 1f);
    }

    [Fact]
    public void Repeated_loads_have_the_same_fingerprint_and_the_recorded_labels()
    {
        var a = EmbeddedFashionMnist.Load();
        var b = EmbeddedFashionMnist.Load();
        Assert.NotSame(a.Train, b.Train);
        Assert.Equal(a.Train.Fingerprint, b.Train.Fingerprint);
        Assert.Equal(a.Test.Fingerprint, b.Test.Fingerprint);
        Assert.NotEqual(a.Train.Fingerprint, a.Test.Fingerprint);
        // the label payload hashes to the SHA-256 recorded in Data/Embedded/README.md (decompressed IDX)
        var idx = IdxWriter.EncodeLabels(a.Train.Labels.Select(l => (byte)l).ToArray());
        Assert.Equal("11a34fec6f816dbe22c806d6de7e130fa048759622a0e6f6da8feb272e09ee1d", Convert.ToHexStringLower(SHA256.HashData(idx)));
        // Fashion-MNIST's first training images are an Ankle boot (9) then two T-shirts/tops (0)
        Assert.Equal(new[] { 9, 0, 0 }, a.Train.Labels[..3]);
    }

    [Fact]
    public void First_per_class_keeps_file_order_and_fails_when_a_class_is_short()
    {
        var labels = new byte[] { 1, 0, 1, 1, 0, 2, 0, 2 };
        Assert.Equal(new[] { 0, 1, 2, 4, 5, 7 }, EmbeddedFashionMnist.FirstPerClass(labels, 3, 2, "x"));
        var e = Assert.Throws<ArgumentException>(() => EmbeddedFashionMnist.FirstPerClass(labels, 3, 3, "lbl-file"));
        Assert.Contains("lbl-file", e.Message);
        Assert.Contains("class 2", e.Message);
    }

    [Fact]
    public void Create_subset_writes_the_first_k_per_class_as_gzipped_idx()
    {
        using var src = new TempDirectory();
        using var dst = new TempDirectory();
        // 12 train images (1x1 pixel = its index) with labels cycling 0..9 then 0,1; 10 test images labels 9..0
        var trainLabels = Enumerable.Range(0, 12).Select(i => (byte)(i % 10)).ToArray();
        IdxWriter.WriteImages(Path.Combine(src.Path, "train-images-idx3-ubyte.gz"), Enumerable.Range(0, 12).Select(i => (byte)i).ToArray(), 12, 1, 1);
        IdxWriter.WriteLabels(Path.Combine(src.Path, "train-labels-idx1-ubyte.gz"), trainLabels);
        IdxWriter.WriteImages(Path.Combine(src.Path, "t10k-images-idx3-ubyte"), Enumerable.Range(100, 10).Select(i => (byte)i).ToArray(), 10, 1, 1, gzip: false);
        IdxWriter.WriteLabels(Path.Combine(src.Path, "t10k-labels-idx1-ubyte"), Enumerable.Range(0, 10).Select(i => (byte)(9 - i)).ToArray(), gzip: false);

        var written = EmbeddedFashionMnist.CreateSubset(src.Path, dst.Path, trainPerClass: 1, testPerClass: 1);

        Assert.Equal(4, written.Count);
        Assert.All(written, p => Assert.Equal(0x1f, File.ReadAllBytes(p)[0]));
        var s = FashionMnist.Load(dst.Path);
        Assert.Equal(Enumerable.Range(0, 10).ToArray(), s.Train.Labels);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i / 255f).ToArray(), s.Train.Features);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => 9 - i).ToArray(), s.Test.Labels);
        Assert.Equal(100f / 255f, s.Test.Features[0]);
    }
}

/// <summary>Checks that run only where Debian's dataset-fashion-mnist package is installed (they assert nothing elsewhere).</summary>
public class InstalledFashionMnistTests
{
    [Fact]
    public void When_debian_fashion_mnist_is_installed_it_loads_60000_and_10000_and_contains_the_embedded_subset()
    {
        if (!Directory.Exists(FashionMnist.DefaultDirectory)) return;
        var full = FashionMnist.Load();
        Assert.Equal(60000, full.Train.Count);
        Assert.Equal(10000, full.Test.Count);
        Assert.All(full.Train.ClassCounts(), c => Assert.Equal(6000, c));

        // the embedded subset is exactly the documented rule applied to the installed files
        var embedded = EmbeddedFashionMnist.Load();
        var trainIdx = EmbeddedFashionMnist.FirstPerClass(full.Train.Labels.Select(l => (byte)l).ToArray(), 10, 1200, "train");
        var testIdx = EmbeddedFashionMnist.FirstPerClass(full.Test.Labels.Select(l => (byte)l).ToArray(), 10, 200, "t10k");
        Assert.Equal(embedded.Train.Fingerprint, full.Train.Subset(trainIdx).Fingerprint);
        Assert.Equal(embedded.Test.Fingerprint, full.Test.Subset(testIdx).Fingerprint);
    }
}
