using System.IO.Compression;
using GapLab.Data;

namespace GapLab.Core.Tests.Data;

public class IdxReaderTests
{
    static readonly string[] Names3 = { "a", "b", "c" };

    static string Dir() => Directory.CreateTempSubdirectory("gaplab-idx-").FullName;

    static (string Images, string Labels) WritePair(string dir, bool gz, byte[]? labels = null)
    {
        // 3 images of 2x2: pixel values chosen by hand
        var pixels = new byte[] { 0, 255, 51, 102, /**/ 10, 20, 30, 40, /**/ 255, 255, 0, 0 };
        string ext = gz ? ".gz" : "";
        var images = Path.Combine(dir, "img-idx3-ubyte" + ext);
        var lab = Path.Combine(dir, "lab-idx1-ubyte" + ext);
        IdxWriter.WriteImages(images, pixels, 3, 2, 2);
        IdxWriter.WriteLabels(lab, labels ?? new byte[] { 2, 0, 1 });
        return (images, lab);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadsRawAndGzippedFiles(bool gz)
    {
        var (images, labels) = WritePair(Dir(), gz);
        var d = IdxReader.ReadDataset(images, labels, "tiny", Names3);
        Assert.Equal(new[] { 1, 2, 2 }, d.SampleShape);
        Assert.Equal(new[] { 2, 0, 1 }, d.Labels);
        Assert.Equal(1f, d.Features[1]);
        Assert.Equal(0.2f, d.Features[2], 6);
        Assert.Equal(40f / 255f, d.Features[7], 6);
    }

    [Fact]
    public void GzipIsDetectedByMagicNotExtension()
    {
        var dir = Dir();
        var (images, labels) = WritePair(dir, gz: true);
        var renamed = Path.Combine(dir, "images.bin");
        File.Move(images, renamed);
        Assert.Equal(3, IdxReader.ReadDataset(renamed, labels, "tiny", Names3).Count);
    }

    [Fact]
    public void BadMagicNamesFileAndOffset()
    {
        var (images, labels) = WritePair(Dir(), gz: false);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadDataset(labels, images, "swapped", Names3));
        Assert.Contains(labels, e.Message);
        Assert.Contains("0x00000801", e.Message);
        Assert.Contains("byte offset 0", e.Message);
    }

    [Fact]
    public void TruncatedPayloadNamesTheOffsetWhereDataEnds()
    {
        var (images, labels) = WritePair(Dir(), gz: false);
        var bytes = File.ReadAllBytes(images);
        File.WriteAllBytes(images, bytes[..^5]); // header 16 + 12 pixels = 28 bytes; cut to 23
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadDataset(images, labels, "t", Names3));
        Assert.Contains(images, e.Message);
        Assert.Contains("needs 28 bytes", e.Message);
        Assert.Contains("byte offset 23", e.Message);
    }

    [Fact]
    public void CountMismatchAndLabelOutOfRangeAreReported()
    {
        var dir = Dir();
        var (images, labels) = WritePair(dir, gz: false, labels: new byte[] { 0, 1 });
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadDataset(images, labels, "t", Names3));
        Assert.Contains("2 labels", e.Message);
        Assert.Contains("3 images", e.Message);
        (images, labels) = WritePair(Dir(), gz: false, labels: new byte[] { 0, 7, 1 });
        e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadDataset(images, labels, "t", Names3));
        Assert.Contains("label 7 at byte offset 9", e.Message); // 8-byte label header + index 1
        Assert.Contains(labels, e.Message);
    }

    [Fact]
    public void CorruptGzipIsReported()
    {
        var dir = Dir();
        var p = Path.Combine(dir, "bad.gz");
        File.WriteAllBytes(p, new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5 });
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Read(p, IdxReader.LabelsMagic));
        Assert.Contains("bad.gz", e.Message);
    }

    [Fact]
    public void MissingFilesListWhatIsExpected()
    {
        var e = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load(Dir()));
        Assert.Contains("train-images-idx3-ubyte", e.Message);
        Assert.Contains("--data DIR", e.Message);
    }
}
