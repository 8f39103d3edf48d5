using System.Buffers.Binary;
using System.IO.Compression;

namespace GapLab.Interactive.Formatting;

/// <summary>
/// Minimal PNG writer for 8-bit grayscale (1 channel) or RGB (3 channels) images: signature, IHDR, one zlib IDAT with
/// filter type 0 on every row, IEND (PNG specification, W3C 2003, sections 5 and 11).
/// </summary>
public static class PngEncoder
{
    static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>Encodes row-major interleaved pixels (<paramref name="channels"/> bytes per pixel) as a PNG file.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> pixels, int width, int height, int channels)
    {
        if (width <= 0 || height <= 0) throw new ArgumentException($"PNG size {width}x{height} must be positive.");
        if (channels is not (1 or 3)) throw new ArgumentException($"PNG channels {channels} not supported; use 1 (grayscale) or 3 (RGB).");
        if (pixels.Length != (long)width * height * channels)
            throw new ArgumentException($"{pixels.Length} pixel bytes do not match {width}x{height}x{channels}.");

        using var output = new MemoryStream();
        output.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;                               // bit depth
        header[9] = (byte)(channels == 1 ? 0 : 2);   // colour type: grayscale or truecolour
        header[10] = 0; header[11] = 0; header[12] = 0; // deflate, adaptive filtering, no interlace
        WriteChunk(output, "IHDR"u8, header);

        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            int stride = width * channels;
            for (int y = 0; y < height; y++)
            {
                z.WriteByte(0); // filter: none
                z.Write(pixels.Slice(y * stride, stride));
            }
        }
        WriteChunk(output, "IDAT"u8, compressed.ToArray());
        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    /// <summary>The PNG as an HTML-ready <c>data:image/png;base64,...</c> URI.</summary>
    public static string ToDataUri(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);

    static void WriteChunk(Stream s, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        s.Write(word);
        s.Write(type);
        s.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Append(Crc32.Compute(type), data));
        s.Write(word);
    }
}
