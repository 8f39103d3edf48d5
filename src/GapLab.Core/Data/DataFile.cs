using System.IO.Compression;

namespace GapLab.Data;

/// <summary>
/// Reads a data file whole, decompressing it when it starts with the gzip magic bytes 1f 8b (the extension is ignored).
/// Byte offsets in format errors refer to the decompressed content; <see cref="Describe"/> says so in messages.
/// </summary>
public sealed record DataFile(string Source, byte[] Content, bool WasGzip)
{
    /// <summary>Reads <paramref name="path"/>; a corrupt gzip stream becomes an <see cref="InvalidDataException"/> naming the file.</summary>
    public static DataFile Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Data file '{path}' does not exist.", path);
        return FromBytes(path, File.ReadAllBytes(path));
    }

    /// <summary>Wraps bytes from any source (e.g. an embedded resource); <paramref name="source"/> names it in error messages.</summary>
    public static DataFile FromBytes(string source, byte[] raw)
    {
        if (raw.Length < 2 || raw[0] != 0x1f || raw[1] != 0x8b) return new DataFile(source, raw, false);
        try
        {
            using var input = new MemoryStream(raw, writable: false);
            using var gz = new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream(raw.Length * 4);
            gz.CopyTo(output);
            return new DataFile(source, output.ToArray(), true);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{source}' at byte offset 0: starts with the gzip magic 1f 8b but is not a valid gzip stream ({e.Message}).", e);
        }
    }

    /// <summary>Error text prefix naming the source and the byte offset.</summary>
    public string Describe(long offset) =>
        $"'{Source}' at byte offset {offset}{(WasGzip ? " of the decompressed content" : "")}";

    /// <summary>An <see cref="InvalidDataException"/> whose message names this file and <paramref name="offset"/>.</summary>
    public InvalidDataException Error(long offset, string problem) => new($"{Describe(offset)}: {problem}");
}
