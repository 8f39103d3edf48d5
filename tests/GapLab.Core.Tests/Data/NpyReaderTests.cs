using System.Text;
using GapLab.Data;

namespace GapLab.Core.Tests.Data;

public class NpyReaderTests
{
    /// <summary>A version-1.0 .npy file built byte by byte: magic, version, little-endian header length, dict padded to 64 bytes, data.</summary>
    internal static byte[] Npy(string descr, string shape, byte[] data, bool fortran = false, int major = 1)
    {
        var dict = $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shape}, }}";
        int prefix = major == 1 ? 10 : 12;
        int total = (prefix + dict.Length + 1 + 63) / 64 * 64;
        var header = dict.PadRight(total - prefix - 1) + "\n";
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, 0 };
        if (major == 1) bytes.AddRange(BitConverter.GetBytes((ushort)header.Length));
        else bytes.AddRange(BitConverter.GetBytes((uint)header.Length));
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        bytes.AddRange(data);
        return bytes.ToArray();
    }

    static string Write(byte[] bytes)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("gaplab-npy-").FullName, "a.npy");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void Reads_uint8_rows_int64_and_float32_in_c_order()
    {
        var path = Write(Npy("|u1", "(3, 2)", new byte[] { 1, 2, 3, 4, 5, 6 }));
        var h = NpyReader.ReadHeader(path);
        Assert.Equal(new long[] { 3, 2 }, h.Shape);
        Assert.Equal(128, h.DataOffset); // 10-byte prefix + 59-character dict + newline, padded to a multiple of 64 as numpy does
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, NpyReader.ReadUInt8(path));
        Assert.Equal(new byte[] { 3, 4, 5, 6 }, NpyReader.ReadUInt8Rows(path, 1, 2));

        var longs = new long[] { 7, -1, 300 }.SelectMany(BitConverter.GetBytes).ToArray();
        Assert.Equal(new long[] { 7, -1, 300 }, NpyReader.ReadIntegers(Write(Npy("<i8", "(3,)", longs, major: 2))));
        Assert.Equal(new long[] { 9, 255 }, NpyReader.ReadIntegers(Write(Npy("|u1", "(2,)", new byte[] { 9, 255 }))));
        var floats = new[] { 0.5f, -2f }.SelectMany(BitConverter.GetBytes).ToArray();
        Assert.Equal(new[] { 0.5f, -2f }, NpyReader.ReadFloat32(Write(Npy("<f4", "(2,)", floats))));
    }

    [Fact]
    public void Fortran_order_wrong_dtype_truncation_and_bad_magic_are_named()
    {
        Assert.Contains("Fortran order", Assert.Throws<InvalidDataException>(() => NpyReader.ReadHeader(Write(Npy("|u1", "(2, 2)", new byte[4], fortran: true)))).Message);
        Assert.Contains("'<f8'", Assert.Throws<InvalidDataException>(() => NpyReader.ReadHeader(Write(Npy("<f8", "(1,)", new byte[8])))).Message);
        var truncated = Assert.Throws<InvalidDataException>(() => NpyReader.ReadHeader(Write(Npy("|u1", "(2, 3)", new byte[5])))).Message;
        Assert.Contains("truncated", truncated);
        Assert.Contains("needs 134 bytes, the file has 133", truncated);
        Assert.Contains("expected <f4", Assert.Throws<InvalidDataException>(() => NpyReader.ReadFloat32(Write(Npy("|u1", "(1,)", new byte[1])))).Message);
        Assert.Contains("not a .npy file", Assert.Throws<InvalidDataException>(() => NpyReader.ReadHeader(Write(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }))).Message);
        Assert.Contains("outside the 3 rows", Assert.Throws<ArgumentOutOfRangeException>(() => NpyReader.ReadUInt8Rows(Write(Npy("|u1", "(3,)", new byte[3])), 2, 2)).Message);
    }
}
