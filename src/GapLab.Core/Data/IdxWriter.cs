using System.Buffers.Binary;
using System.IO.Compression;

namespace GapLab.Data;

/// <summary>Writes IDX files (uint8 images idx3, uint8 labels idx1), gzipped by default; the inverse of <see cref="IdxReader"/>.</summary>
public static class IdxWriter
{
    /// <summary>Raw IDX bytes of <paramref name="count"/> images of <paramref name="rows"/> x <paramref name="columns"/>.</summary>
    public static byte[] EncodeImages(byte[] pixels, int count, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (count < 0 || rows <= 0 || columns <= 0)
            throw new ArgumentException($"Image block {count} x {rows} x {columns} needs count >= 0 and positive rows and columns.");
        if (pixels.Length != (long)count * rows * columns)
            throw new ArgumentException($"{pixels.Length} pixel bytes do not match {count} images of {rows}x{columns}.");
        var b = new byte[IdxReader.ImagesHeaderBytes + pixels.Length];
        BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(0), IdxReader.ImagesMagic);
        BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(12), columns);
        pixels.CopyTo(b, IdxReader.ImagesHeaderBytes);
        return b;
    }

    /// <summary>Raw IDX bytes of one-byte labels.</summary>
    public static byte[] EncodeLabels(byte[] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var b = new byte[IdxReader.LabelsHeaderBytes + labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(0), IdxReader.LabelsMagic);
        BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(4), labels.Length);
        labels.CopyTo(b, IdxReader.LabelsHeaderBytes);
        return b;
    }

    public static void WriteImages(string path, byte[] pixels, int count, int rows, int columns, bool gzip = true) =>
        WriteBytes(path, EncodeImages(pixels, count, rows, columns), gzip);

    public static void WriteLabels(string path, byte[] labels, bool gzip = true) => WriteBytes(path, EncodeLabels(labels), gzip);

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/>, gzip-compressed (smallest size) when asked.</summary>
    public static void WriteBytes(string path, byte[] content, bool gzip)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        using var file = File.Create(path);
        if (!gzip) { file.Write(content); return; }
        using var gz = new GZipStream(file, CompressionLevel.SmallestSize);
        gz.Write(content);
    }
}
