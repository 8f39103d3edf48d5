using System.Buffers.Binary;
using System.IO.Compression;

namespace GapLab.Data;

/// <summary>
/// Reads IDX files (MNIST, Fashion-MNIST): magic 0x00000803 (uint8 images N x H x W) and 0x00000801 (uint8 labels N),
/// big-endian dimensions, raw or gzip-compressed (detected by the gzip magic 1f 8b, not the extension). Every error
/// names the file and the byte offset (in the decompressed stream).
/// </summary>
public static class IdxReader
{
    public const int ImagesMagic = 0x00000803;
    public const int LabelsMagic = 0x00000801;

    /// <summary>An IDX tensor: its dimensions and uint8 payload.</summary>
    public sealed record IdxArray(int[] Dimensions, byte[] Data);

    /// <summary>The whole file's bytes, gunzipped when it starts with the gzip magic.</summary>
    public static byte[] ReadBytes(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"IDX file not found: {path}", path);
        return Decode(File.ReadAllBytes(path), path);
    }

    /// <summary>Gunzips <paramref name="raw"/> when it starts with the gzip magic; <paramref name="source"/> names it in errors.</summary>
    public static byte[] Decode(byte[] raw, string source)
    {
        string path = source;
        if (raw.Length >= 2 && raw[0] == 0x1f && raw[1] == 0x8b)
        {
            try
            {
                using var gz = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
                using var ms = new MemoryStream();
                gz.CopyTo(ms);
                return ms.ToArray();
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{path}: corrupt gzip stream ({e.Message}).", e);
            }
        }
        return raw;
    }

    /// <summary>Parses an IDX uint8 array with the expected magic and number of dimensions.</summary>
    public static IdxArray Read(string path, int expectedMagic)
    {
        var bytes = ReadBytes(path);
        return Parse(bytes, path, expectedMagic);
    }

    public static IdxArray Parse(byte[] bytes, string path, int expectedMagic)
    {
        if (bytes.Length < 4) throw new InvalidDataException($"{path}: file too short for an IDX header ({bytes.Length} bytes, need 4 at byte offset 0).");
        int magic = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (magic != expectedMagic)
        {
            string kind = expectedMagic == ImagesMagic ? "images (0x00000803)" : expectedMagic == LabelsMagic ? "labels (0x00000801)" : $"0x{expectedMagic:x8}";
            throw new InvalidDataException($"{path}: bad IDX magic 0x{magic:x8} at byte offset 0; expected {kind}.");
        }
        int ndims = expectedMagic & 0xff;
        int headerSize = 4 + 4 * ndims;
        if (bytes.Length < headerSize) throw new InvalidDataException($"{path}: truncated IDX header: need {headerSize} bytes, file has {bytes.Length} (byte offset {bytes.Length}).");
        var dims = new int[ndims];
        long count = 1;
        for (int i = 0; i < ndims; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * i));
            if (dims[i] < 0 || (i > 0 && dims[i] == 0))
                throw new InvalidDataException($"{path}: invalid dimension {dims[i]} at byte offset {4 + 4 * i}.");
            count *= dims[i];
        }
        long expected = headerSize + count;
        if (bytes.Length != expected)
            throw new InvalidDataException(bytes.Length < expected
                ? $"{path}: truncated payload: header [{string.Join("x", dims)}] needs {expected} bytes, the data ends at byte offset {bytes.Length}."
                : $"{path}: {bytes.Length - expected} unexpected trailing bytes after the payload at byte offset {expected}.");
        return new IdxArray(dims, bytes.AsSpan(headerSize).ToArray());
    }

    /// <summary>Reads an image file and its label file into a Dataset (pixels / 255, shape [1,H,W]).</summary>
    public static Dataset ReadDataset(string imagesPath, string labelsPath, string name, IReadOnlyList<string> classNames)
    {
        var images = Read(imagesPath, ImagesMagic);
        var labels = Read(labelsPath, LabelsMagic);
        int n = images.Dimensions[0], h = images.Dimensions[1], w = images.Dimensions[2];
        if (labels.Dimensions[0] != n)
            throw new InvalidDataException($"{labelsPath}: {labels.Dimensions[0]} labels (count at byte offset 4) but {imagesPath} has {n} images.");
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            int l = labels.Data[i];
            if (l >= classNames.Count)
                throw new InvalidDataException($"{labelsPath}: label {l} at byte offset {8 + i} is outside [0, {classNames.Count - 1}].");
            y[i] = l;
        }
        return new Dataset(name, ToUnitRange(images.Data), y, new[] { 1, h, w }, classNames);
    }

    /// <summary>uint8 pixels to floats in [0,1] (p / 255).</summary>
    public static float[] ToUnitRange(byte[] pixels)
    {
        var x = new float[pixels.Length];
        for (int i = 0; i < x.Length; i++) x[i] = pixels[i] / 255f;
        return x;
    }
}
