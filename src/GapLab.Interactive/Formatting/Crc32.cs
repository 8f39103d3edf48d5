namespace GapLab.Interactive.Formatting;

/// <summary>
/// CRC-32 as used by PNG chunks and zlib/gzip: reflected polynomial 0xEDB88320, initial value and final xor 0xFFFFFFFF
/// (ISO 3309 / ITU-T V.42; PNG specification section 5.5). Check value: CRC32("123456789") = 0xCBF43926.
/// </summary>
public static class Crc32
{
    static readonly uint[] Table = BuildTable();

    static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }

    /// <summary>Continues a running CRC (start with 0) over <paramref name="data"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        uint c = ~crc;
        foreach (var b in data) c = Table[(c ^ b) & 0xFF] ^ (c >> 8);
        return ~c;
    }

    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);
}
