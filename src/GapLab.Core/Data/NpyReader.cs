using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace GapLab.Data;

/// <summary>The header of a .npy file: element type (numpy descr), shape, and where the C-order data start.</summary>
public sealed record NpyHeader(string Descr, long[] Shape, long DataOffset)
{
    /// <summary>Number of elements (product of the shape; 1 for a scalar).</summary>
    public long Count => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Bytes per element of the supported types.</summary>
    public int ItemSize => NpyReader.ItemSize(Descr);

    /// <summary>Elements in one row along the first axis (product of the other axes).</summary>
    public long RowLength => Shape.Skip(1).Aggregate(1L, (a, b) => a * b);
}

/// <summary>
/// Reads NumPy .npy files (format versions 1-3) in C order with element types uint8 (|u1), little-endian int64 (&lt;i8) and float32 (&lt;f4):
/// magic "\x93NUMPY", version, header length, a Python-dict header {'descr', 'fortran_order', 'shape'}, then the raw data.
/// Fortran order, other dtypes and truncated data are rejected with a message naming the file and what is accepted.
/// </summary>
public static class NpyReader
{
    static readonly byte[] Magic = { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' };
    public const string UInt8 = "|u1", Int64 = "<i8", Float32 = "<f4";

    internal static int ItemSize(string descr) => descr switch
    {
        UInt8 => 1,
        Int64 => 8,
        Float32 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(descr), descr, "unsupported npy dtype"),
    };

    /// <summary>Parses the header of <paramref name="path"/> and checks that the file holds all the data it declares.</summary>
    public static NpyHeader ReadHeader(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"npy file '{path}' does not exist.", path);
        using var fs = File.OpenRead(path);
        var header = ParseHeader(fs, path);
        long need = header.DataOffset + header.Count * header.ItemSize;
        if (fs.Length < need)
            throw new InvalidDataException($"'{path}' is truncated: shape [{string.Join(",", header.Shape)}] of {header.Descr} needs {need} bytes, the file has {fs.Length}.");
        return header;
    }

    /// <summary>All elements of a uint8 array.</summary>
    public static byte[] ReadUInt8(string path) => ReadUInt8Rows(path, 0, null);

    /// <summary>Rows [<paramref name="firstRow"/>, firstRow + rowCount) along the first axis of a uint8 array (null = to the end).</summary>
    public static byte[] ReadUInt8Rows(string path, long firstRow, long? rowCount)
    {
        var (_, bytes) = ReadRows(path, firstRow, rowCount, UInt8);
        return bytes;
    }

    /// <summary>All elements of a float32 array.</summary>
    public static float[] ReadFloat32(string path)
    {
        var (_, bytes) = ReadRows(path, 0, null, Float32);
        var values = new float[bytes.Length / 4];
        for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(4 * i));
        return values;
    }

    /// <summary>A 1-D integer array (int64 or uint8, e.g. labels) as longs.</summary>
    public static long[] ReadIntegers(string path)
    {
        var header = ReadHeader(path);
        if (header.Descr is not (Int64 or UInt8))
            throw new InvalidDataException($"'{path}' holds {header.Descr}; integer labels must be int64 (<i8) or uint8 (|u1).");
        var (_, bytes) = ReadRows(path, 0, null, header.Descr);
        return header.Descr == UInt8
            ? bytes.Select(b => (long)b).ToArray()
            : Enumerable.Range(0, bytes.Length / 8).Select(i => BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8 * i))).ToArray();
    }

    static (NpyHeader Header, byte[] Bytes) ReadRows(string path, long firstRow, long? rowCount, string expectedDescr)
    {
        var header = ReadHeader(path);
        if (header.Descr != expectedDescr)
            throw new InvalidDataException($"'{path}' holds dtype {header.Descr}; expected {expectedDescr} ({Describe(expectedDescr)}).");
        long rows = header.Shape.Length == 0 ? 1 : header.Shape[0];
        long count = rowCount ?? rows - firstRow;
        if (firstRow < 0 || count < 0 || firstRow + count > rows)
            throw new ArgumentOutOfRangeException(nameof(firstRow), $"rows [{firstRow}, {firstRow + count}) are outside the {rows} rows of '{path}'.");
        long length = count * header.RowLength * header.ItemSize;
        if (length > Array.MaxLength) throw new InvalidDataException($"'{path}': {length} bytes requested at once; read fewer rows.");
        var bytes = new byte[length];
        using var fs = File.OpenRead(path);
        fs.Position = header.DataOffset + firstRow * header.RowLength * header.ItemSize;
        fs.ReadExactly(bytes);
        return (header, bytes);
    }

    static string Describe(string descr) => descr switch { UInt8 => "uint8", Int64 => "little-endian int64", _ => "little-endian float32" };

    static NpyHeader ParseHeader(Stream s, string path)
    {
        var prefix = new byte[8];
        if (s.Read(prefix, 0, 8) < 8 || !prefix.AsSpan(0, 6).SequenceEqual(Magic))
            throw new InvalidDataException($"'{path}' is not a .npy file (it does not start with \\x93NUMPY).");
        int major = prefix[6];
        int lengthBytes = major switch
        {
            1 => 2,
            2 or 3 => 4,
            _ => throw new InvalidDataException($"'{path}': npy format version {major}.{prefix[7]} is not supported (1.0, 2.0 and 3.0 are)."),
        };
        var lengthField = new byte[lengthBytes];
        if (s.Read(lengthField, 0, lengthBytes) < lengthBytes) throw new InvalidDataException($"'{path}' is truncated inside the npy header.");
        long headerLength = lengthBytes == 2 ? BinaryPrimitives.ReadUInt16LittleEndian(lengthField) : BinaryPrimitives.ReadUInt32LittleEndian(lengthField);
        if (headerLength > 1 << 20) throw new InvalidDataException($"'{path}': npy header length {headerLength} is implausible.");
        var text = new byte[headerLength];
        if (s.Read(text, 0, text.Length) < text.Length) throw new InvalidDataException($"'{path}' is truncated inside the npy header.");
        // control characters (the header's closing newline, or damage) become spaces, so every error quoting the header is one line
        string dict = string.Concat((major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(text).Select(c => char.IsControl(c) ? ' ' : c)).Trim();
        string descr = DictValue(dict, "descr", path).Trim('\'', '"');
        string fortran = DictValue(dict, "fortran_order", path);
        string shapeText = DictValue(dict, "shape", path);
        if (fortran == "True")
            throw new InvalidDataException($"'{path}' is stored in Fortran order; save it in C order (numpy.ascontiguousarray) and retry.");
        if (fortran != "False") throw new InvalidDataException($"'{path}': fortran_order '{fortran}' is neither True nor False.");
        if (descr is "<u1" or "u1" or "=u1") descr = UInt8;
        if (descr is not (UInt8 or Int64 or Float32))
            throw new InvalidDataException($"'{path}' holds dtype '{descr}'; supported: uint8 (|u1), little-endian int64 (<i8), little-endian float32 (<f4).");
        if (!shapeText.StartsWith('(') || !shapeText.EndsWith(')'))
            throw new InvalidDataException($"'{path}': npy shape '{shapeText}' is not a tuple.");
        var shape = shapeText[1..^1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => long.TryParse(d.TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v
                : throw new InvalidDataException($"'{path}': npy shape '{shapeText}' has a non-integer dimension '{d}'."))
            .ToArray();
        long bytes = ItemSize(descr);
        foreach (var d in shape)
            if (d != 0 && bytes > long.MaxValue / d)
                throw new InvalidDataException($"'{path}': npy shape '{shapeText}' of {descr} is too large (more than {long.MaxValue} bytes).");
            else bytes *= d;
        return new NpyHeader(descr, shape, 6 + 2 + lengthBytes + headerLength);
    }

    /// <summary>The text of one value of the header dict: a quoted string, a tuple, or a bare word.</summary>
    static string DictValue(string dict, string key, string path)
    {
        int k = dict.IndexOf($"'{key}'", StringComparison.Ordinal);
        if (k < 0) k = dict.IndexOf($"\"{key}\"", StringComparison.Ordinal);
        if (k < 0) throw new InvalidDataException($"'{path}': the npy header has no '{key}' entry: {dict}");
        int colon = dict.IndexOf(':', k + key.Length + 2);
        if (colon < 0) throw new InvalidDataException($"'{path}': malformed npy header: {dict}");
        int i = colon + 1;
        while (i < dict.Length && char.IsWhiteSpace(dict[i])) i++;
        if (i >= dict.Length) throw new InvalidDataException($"'{path}': malformed npy header: {dict}");
        int end;
        if (dict[i] is '\'' or '"') end = dict.IndexOf(dict[i], i + 1) + 1;
        else if (dict[i] == '(') end = dict.IndexOf(')', i) + 1;
        else { end = i; while (end < dict.Length && dict[end] is not (',' or '}')) end++; }
        if (end <= i) throw new InvalidDataException($"'{path}': malformed npy header value for '{key}': {dict}");
        return dict[i..end].Trim();
    }
}
