using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using GapLab.Interactive.Formatting;

namespace GapLab.Interactive.Tests;

public class PngTests
{
    [Fact]
    public void Crc32_matches_the_standard_check_value_and_the_well_known_IEND_crc()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
        Assert.Equal(0xAE426082u, Crc32.Compute("IEND"u8)); // every PNG ends with 00 00 00 00 IEND AE 42 60 82
        Assert.Equal(0u, Crc32.Compute([]));
        Assert.Equal(Crc32.Compute("123456789"u8), Crc32.Append(Crc32.Compute("1234"u8), "56789"u8));
    }

    [Fact]
    public void Rgb_png_has_valid_chunks_and_decodes_to_the_input_pixels()
    {
        // 2x2 RGB: red, green / blue, white
        byte[] pixels = [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255];
        var png = PngEncoder.Encode(pixels, 2, 2, 3);
        var (width, height, colorType, decoded) = Decode(png);
        Assert.Equal((2, 2, 2), (width, height, colorType));
        Assert.Equal(pixels, decoded);
    }

    [Fact]
    public void Grayscale_png_decodes_to_the_input_pixels()
    {
        byte[] pixels = [0, 64, 128, 255, 1, 2];
        var (width, height, colorType, decoded) = Decode(PngEncoder.Encode(pixels, 3, 2, 1));
        Assert.Equal((3, 2, 0), (width, height, colorType));
        Assert.Equal(pixels, decoded);
    }

    [Fact]
    public void Bad_sizes_are_rejected_with_the_numbers()
    {
        var e = Assert.Throws<ArgumentException>(() => PngEncoder.Encode(new byte[5], 2, 2, 1));
        Assert.Contains("5 pixel bytes", e.Message);
        Assert.Contains("channels 4", Assert.Throws<ArgumentException>(() => PngEncoder.Encode(new byte[16], 2, 2, 4)).Message);
    }

    /// <summary>A strict decoder for what <see cref="PngEncoder"/> writes: checks signature, chunk CRCs, filter bytes.</summary>
    internal static (int Width, int Height, int ColorType, byte[] Pixels) Decode(byte[] png)
    {
        Assert.Equal(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }, png[..8]);
        int pos = 8, width = 0, height = 0, colorType = -1;
        var idat = new MemoryStream();
        var types = new List<string>();
        while (pos < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            var type = Encoding.ASCII.GetString(png, pos + 4, 4);
            var data = png.AsSpan(pos + 8, length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos + 8 + length));
            Assert.Equal(Crc32.Compute(png.AsSpan(pos + 4, 4 + length)), crc);
            types.Add(type);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                Assert.Equal(8, data[8]);
                colorType = data[9];
            }
            if (type == "IDAT") idat.Write(data);
            pos += 12 + length;
        }
        Assert.Equal(["IHDR", "IDAT", "IEND"], types);
        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        var raw = new MemoryStream();
        z.CopyTo(raw);
        int channels = colorType == 0 ? 1 : 3, stride = width * channels;
        var bytes = raw.ToArray();
        Assert.Equal(height * (stride + 1), bytes.Length);
        var pixels = new byte[height * stride];
        for (int y = 0; y < height; y++)
        {
            Assert.Equal(0, bytes[y * (stride + 1)]);
            Array.Copy(bytes, y * (stride + 1) + 1, pixels, y * stride, stride);
        }
        return (width, height, colorType, pixels);
    }
}
