using System.Buffers.Binary;

namespace GapLab.Data;

/// <summary>
/// Reader for the IDX format of MNIST and Fashion-MNIST (LeCun et al., http://yann.lecun.com/exdb/mnist/):
/// a big-endian header (magic 0x00000803 then count, rows, columns for uint8 images; magic 0x00000801 then count for
/// uint8 labels) followed by the payload. Files may be raw or gzip (detected by the bytes 1f 8b, not by the name).
/// Every format error is an <see cref="InvalidDataException"/> whose message names the file and the byte offset.
/// </summary>
public static class IdxReader
{
    public const int ImagesMagic = 0x00000803;
    public const int LabelsMagic = 0x00000801;
    public const int ImagesHeaderBytes = 16;
    public const int LabelsHeaderBytes = 8;

    /// <summary>Reads an idx3-ubyte image file.</summary>
    public static IdxImages ReadImages(string path) => ReadImages(DataFile.Read(path));

    /// <summary>Reads an idx1-ubyte label file and checks every label is below <paramref name="numClasses"/>.</summary>
    public static byte[] ReadLabels(string path, int numClasses) => ReadLabels(DataFile.Read(path), numClasses);

    public static IdxImages ReadImages(DataFile file)
    {
        var b = file.Content;
        CheckHeader(file, ImagesMagic, ImagesHeaderBytes, "idx3-ubyte images");
        int count = ReadDimension(file, 4, "image count", allowZero: true);
        int rows = ReadDimension(file, 8, "row count", allowZero: false);
        int cols = ReadDimension(file, 12, "column count", allowZero: false);
        long expected = ImagesHeaderBytes + (long)count * rows * cols;
        CheckPayloadLength(file, expected, $"{count} images of {rows}x{cols} bytes");
        var pixels = b.AsSpan(ImagesHeaderBytes).ToArray();
        return new IdxImages(file.Source, count, rows, cols, pixels);
    }

    public static byte[] ReadLabels(DataFile file, int numClasses)
    {
        if (numClasses is < 1 or > 256) throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, "uint8 labels allow 1..256 classes.");
        var b = file.Content;
        CheckHeader(file, LabelsMagic, LabelsHeaderBytes, "idx1-ubyte labels");
        int count = ReadDimension(file, 4, "label count", allowZero: true);
        CheckPayloadLength(file, LabelsHeaderBytes + (long)count, $"{count} one-byte labels");
        var labels = b.AsSpan(LabelsHeaderBytes).ToArray();
        for (int i = 0; i < labels.Length; i++)
            if (labels[i] >= numClasses)
                throw file.Error(LabelsHeaderBytes + i, $"label {labels[i]} of sample {i} is outside [0, {numClasses - 1}].");
        return labels;
    }

    /// <summary>
    /// Reads a matching image/label pair into a <see cref="Dataset"/> of shape [1, rows, columns] with pixels / 255.
    /// </summary>
    public static Dataset ReadDataset(string imagesPath, string labelsPath, string name, IReadOnlyList<string> classNames) =>
        ReadDataset(DataFile.Read(imagesPath), DataFile.Read(labelsPath), name, classNames);

    public static Dataset ReadDataset(DataFile imagesFile, DataFile labelsFile, string name, IReadOnlyList<string> classNames)
    {
        var images = ReadImages(imagesFile);
        var labels = ReadLabels(labelsFile, classNames.Count);
        CheckCountsMatch(images, labels, labelsFile);
        return ToDataset(images, labels, name, classNames);
    }

    /// <summary>Fails with both file names when the label count differs from the image count.</summary>
    public static void CheckCountsMatch(IdxImages images, byte[] labels, DataFile labelsFile)
    {
        if (labels.Length != images.Count)
            throw labelsFile.Error(4, $"label count {labels.Length} does not match the {images.Count} images in '{images.Source}' (its count is at byte offset 4).");
    }

    /// <summary>Converts decoded bytes to a dataset: features are pixel / 255 in [0, 1], shape [1, rows, columns].</summary>
    public static Dataset ToDataset(IdxImages images, byte[] labels, string name, IReadOnlyList<string> classNames)
    {
        if (labels.Length != images.Count)
            throw new ArgumentException($"{labels.Length} labels for {images.Count} images from '{images.Source}'.");
        var features = new float[images.Pixels.Length];
        for (int i = 0; i < features.Length; i++) features[i] = images.Pixels[i] / 255f;
        var y = new int[labels.Length];
        for (int i = 0; i < y.Length; i++) y[i] = labels[i];
        return new Dataset(name, features, y, new[] { 1, images.Rows, images.Columns }, classNames);
    }

    static void CheckHeader(DataFile file, int magic, int headerBytes, string kind)
    {
        var b = file.Content;
        if (b.Length < 4)
            throw file.Error(b.Length, $"file ends after {b.Length} bytes, inside the 4-byte magic number of {kind} (0x{magic:X8}).");
        int found = BinaryPrimitives.ReadInt32BigEndian(b);
        if (found != magic)
        {
            string hint = found == (magic == ImagesMagic ? LabelsMagic : ImagesMagic)
                ? $" (that is the magic of {(found == LabelsMagic ? "a label" : "an image")} file; were the files swapped?)"
                : found >> 8 == 0x08 ? $" (uint8 data with {found & 0xFF} dimensions)" : "";
            throw file.Error(0, $"magic number 0x{found:X8} is not 0x{magic:X8} expected for {kind}{hint}.");
        }
        if (b.Length < headerBytes)
            throw file.Error(b.Length, $"file ends after {b.Length} bytes, inside the {headerBytes}-byte header of {kind}.");
    }

    static int ReadDimension(DataFile file, int offset, string what, bool allowZero)
    {
        int v = BinaryPrimitives.ReadInt32BigEndian(file.Content.AsSpan(offset));
        if (v < 0 || (v == 0 && !allowZero))
            throw file.Error(offset, $"{what} {v} must be {(allowZero ? "zero or positive" : "positive")}.");
        return v;
    }

    static void CheckPayloadLength(DataFile file, long expectedLength, string what)
    {
        long actual = file.Content.Length;
        if (actual < expectedLength)
            throw file.Error(actual, $"payload truncated: the header announces {what}, which needs {expectedLength} bytes in all, but the file ends at byte {actual}.");
        if (actual > expectedLength)
            throw file.Error(expectedLength, $"{actual - expectedLength} trailing bytes after the {what} announced by the header (expected length {expectedLength}).");
    }
}
