using System.Buffers.Binary;
using System.IO.Compression;

namespace GapLab.Data;

/// <summary>Writes uint8 IDX files (images 0x00000803, labels 0x00000801), gzip-compressed when the path ends in .gz.</summary>
public static class IdxWriter
{
    public static void WriteImages(string path, byte[] pixels, int count, int height, int width)
    {
        if (pixels.Length != (long)count * height * width)
            throw new ArgumentException($"{pixels.Length} pixels do not make {count} images of {height}x{width}.");
        Write(path, IdxReader.ImagesMagic, new[] { count, height, width }, pixels);
    }

    public static void WriteLabels(string path, byte[] labels) => Write(path, IdxReader.LabelsMagic, new[] { labels.Length }, labels);

    /// <summary>The IDX bytes (uncompressed) for a header and payload.</summary>
    public static byte[] Encode(int magic, int[] dims, byte[] data)
    {
        var bytes = new byte[4 + 4 * dims.Length + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dims[i]);
        data.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    static void Write(string path, int magic, int[] dims, byte[] data)
    {
        var bytes = Encode(magic, dims, data);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var fs = File.Create(path);
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            // mtime 0 in the gzip header (GZipStream writes none), so the same content gives the same file
            using var gz = new GZipStream(fs, CompressionLevel.SmallestSize);
            gz.Write(bytes);
        }
        else fs.Write(bytes);
    }
}
