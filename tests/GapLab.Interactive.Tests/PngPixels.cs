using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace GapLab.Interactive.Tests;

/// <summary>
/// Reads the RGB pixels of an 8-bit, non-interlaced truecolour PNG (colour type 2 or 6, e.g. a Chromium screenshot), undoing the
/// five row filters of the PNG specification (section 9). Alpha is dropped.
/// </summary>
static class PngPixels
{
    public static (int Width, int Height, byte[] Rgb) Read(byte[] png)
    {
        Assert.Equal(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }, png[..8]);
        int pos = 8, width = 0, height = 0, channels = 0;
        var idat = new MemoryStream();
        while (pos < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            var type = Encoding.ASCII.GetString(png, pos + 4, 4);
            var data = png.AsSpan(pos + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                Assert.Equal(8, data[8]);   // bit depth
                Assert.Equal(0, data[12]);  // no interlace
                channels = data[9] switch { 2 => 3, 6 => 4, var t => throw new NotSupportedException($"PNG colour type {t}: only 2 (RGB) and 6 (RGBA) are read.") };
            }
            if (type == "IDAT") idat.Write(data);
            pos += 12 + length;
        }
        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        var raw = new MemoryStream();
        z.CopyTo(raw);
        var bytes = raw.ToArray();
        int stride = width * channels;
        Assert.Equal(height * (stride + 1), bytes.Length);
        var image = new byte[height * stride];
        for (int y = 0; y < height; y++)
        {
            int filter = bytes[y * (stride + 1)], src = y * (stride + 1) + 1, row = y * stride;
            for (int i = 0; i < stride; i++)
            {
                int a = i >= channels ? image[row + i - channels] : 0;
                int b = y > 0 ? image[row - stride + i] : 0;
                int c = i >= channels && y > 0 ? image[row - stride + i - channels] : 0;
                int predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"PNG row {y} has filter type {filter}; 0 to 4 exist."),
                };
                image[row + i] = (byte)(bytes[src + i] + predictor);
            }
        }
        var rgb = new byte[width * height * 3];
        for (int p = 0; p < width * height; p++)
            for (int k = 0; k < 3; k++) rgb[p * 3 + k] = image[p * channels + k];
        return (width, height, rgb);
    }

    static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
