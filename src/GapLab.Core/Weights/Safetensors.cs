using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GapLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Weights;

/// <summary>
/// Reader and writer of the safetensors format (huggingface/safetensors): an 8-byte little-endian header length N,
/// N bytes of UTF-8 JSON <c>{"__metadata__": {str: str}, name: {"dtype", "shape", "data_offsets": [begin, end]}}</c>
/// padded with spaces to a multiple of 8, then the raw little-endian tensor bytes (offsets relative to the data start).
/// Tensors are written in ordinal name order, back to back. Reading requires the tensors to cover the data section
/// exactly (no gap, overlap or trailing byte) and the header to be valid UTF-8. Files written here record the SHA-256 of
/// the data section in the metadata (<see cref="ChecksumKey"/>); reading verifies it when present.
/// </summary>
public static class Safetensors
{
    /// <summary>Key of the string-to-string metadata object in the header.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>Metadata key holding the lowercase hex SHA-256 of the data section (written by <see cref="Write"/>, verified on read).</summary>
    public const string ChecksumKey = "gaplab.data_sha256";

    /// <summary>Largest header accepted when reading (the reference implementation's limit).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>Writes <paramref name="tensors"/> (any device; detached copies are taken) and optional metadata to <paramref name="path"/>.</summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        string temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            Write(stream, tensors, metadata);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Writes the safetensors encoding of <paramref name="tensors"/> to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        RequireLittleEndian();
        TorchRuntime.EnsureLoaded();
        var names = tensors.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
        var entries = new List<(string Name, string DType, long[] Shape, long Begin, long End)>();
        long offset = 0;
        foreach (var name in names)
        {
            if (name.Length == 0 || name == MetadataKey)
                throw new ArgumentException($"Tensor name '{name}' cannot be stored in safetensors (empty or reserved).");
            var t = tensors[name] ?? throw new ArgumentException($"Tensor '{name}' is null.");
            if (!SafetensorsDType.TryFromType(t.dtype, out var dtype, out int size))
                throw new ArgumentException($"Tensor '{name}' has dtype {t.dtype}; safetensors here supports {SafetensorsDType.Accepted}.");
            long bytes = checked(t.numel() * size);
            entries.Add((name, dtype, t.shape, offset, offset + bytes));
            offset += bytes;
        }

        var blobs = names.Select(name => TensorBytes(tensors[name])).ToArray();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var blob in blobs) sha.AppendData(blob);
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in metadata ?? new Dictionary<string, string>()) meta[k] = v;
        meta[ChecksumKey] = Convert.ToHexStringLower(sha.GetHashAndReset());

        var header = EncodeHeader(entries, meta);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach (var blob in blobs) stream.Write(blob);
    }

    static byte[] TensorBytes(Tensor tensor)
    {
        using var scope = NewDisposeScope();
        var t = tensor.detach();
        if (t.device_type != DeviceType.CPU) t = t.cpu();
        if (!t.is_contiguous()) t = t.contiguous();
        return t.numel() > 0 ? t.bytes.ToArray() : [];
    }

    static byte[] EncodeHeader(List<(string Name, string DType, long[] Shape, long Begin, long End)> entries, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (k, v) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                    json.WriteString(k, v ?? throw new ArgumentException($"Metadata value of '{k}' is null."));
                json.WriteEndObject();
            }
            foreach (var e in entries)
            {
                json.WriteStartObject(e.Name);
                json.WriteString("dtype", e.DType);
                json.WriteStartArray("shape");
                foreach (var d in e.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(e.Begin);
                json.WriteNumberValue(e.End);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        int padding = (int)((8 - buffer.Length % 8) % 8);
        for (int i = 0; i < padding; i++) buffer.WriteByte((byte)' ');
        return buffer.ToArray();
    }

    /// <summary>Reads every tensor (CPU, in file order of names) and the metadata of <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not valid safetensors; the message names the file, tensor and byte offset.</exception>
    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Safetensors file '{path}' does not exist.", path);
        return Read(File.ReadAllBytes(path), path);
    }

    /// <summary>Reads only the metadata of <paramref name="path"/> (the header is validated, tensor data is not read).</summary>
    public static Dictionary<string, string> ReadMetadata(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.OpenRead(path);
        Span<byte> length = stackalloc byte[8];
        if (stream.ReadAtLeast(length, 8, throwOnEndOfStream: false) < 8)
            throw new InvalidDataException($"Safetensors file '{path}': only {stream.Length} bytes, shorter than the 8-byte header length at offset 0.");
        long n = CheckHeaderLength(BinaryPrimitives.ReadUInt64LittleEndian(length), stream.Length, path);
        var header = new byte[n];
        stream.ReadExactly(header);
        return ParseHeader(header, stream.Length - 8 - n, path).Metadata;
    }

    /// <summary>Decodes safetensors <paramref name="content"/>; <paramref name="source"/> names it in error messages.</summary>
    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Read(byte[] content, string source)
    {
        ArgumentNullException.ThrowIfNull(content);
        RequireLittleEndian();
        TorchRuntime.EnsureLoaded();
        if (content.Length < 8)
            throw new InvalidDataException($"Safetensors file '{source}': only {content.Length} bytes, shorter than the 8-byte header length at offset 0.");
        long n = CheckHeaderLength(BinaryPrimitives.ReadUInt64LittleEndian(content), content.Length, source);
        long dataStart = 8 + n;
        var (entries, metadata) = ParseHeader(content.AsSpan(8, (int)n), content.Length - dataStart, source);
        if (metadata.TryGetValue(ChecksumKey, out var expected))
        {
            string actual = Convert.ToHexStringLower(SHA256.HashData(content.AsSpan((int)dataStart)));
            if (!string.Equals(actual, expected.Trim(), StringComparison.OrdinalIgnoreCase))
                throw new InvalidDataException($"Safetensors file '{source}': the data section (from offset {dataStart}) has SHA-256 {actual}, " +
                                               $"not the {ChecksumKey} {Shown(expected)} recorded when it was written; the file was changed or damaged.");
        }
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var e in entries)
            {
                var t = empty(e.Shape, e.Type);
                tensors.Add(e.Name, t);
                if (e.End > e.Begin) t.bytes = content.AsSpan((int)(dataStart + e.Begin), (int)(e.End - e.Begin));
            }
        }
        catch
        {
            foreach (var t in tensors.Values) t.Dispose();
            throw;
        }
        return (tensors, metadata);
    }

    static long CheckHeaderLength(ulong n, long fileLength, string source)
    {
        if (n > (ulong)Math.Max(0, fileLength - 8))
            throw new InvalidDataException($"Safetensors file '{source}': header length {n} at offset 0 runs beyond the file end ({fileLength} bytes).");
        if (n > MaxHeaderBytes)
            throw new InvalidDataException($"Safetensors file '{source}': header length {n} at offset 0 exceeds the {MaxHeaderBytes}-byte limit.");
        if (n < 2)
            throw new InvalidDataException($"Safetensors file '{source}': header length {n} at offset 0 is too short for a JSON object.");
        return (long)n;
    }

    sealed record Entry(string Name, ScalarType Type, long[] Shape, long Begin, long End);

    static (List<Entry> Entries, Dictionary<string, string> Metadata) ParseHeader(ReadOnlySpan<byte> header, long dataLength, string source)
    {
        string where = $"Safetensors file '{source}'";
        if (InvalidUtf8At(header) is int bad)
            throw new InvalidDataException($"{where}: header (bytes 8..{8 + header.Length}) is not valid UTF-8 at file offset {8 + bad}.");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(header.ToArray().AsMemory());
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{where}: header (bytes 8..{8 + header.Length}) is not valid JSON: {ex.Message} " +
                                           $"(JSON byte {ex.BytePositionInLine}, file offset {8 + (ex.BytePositionInLine ?? 0)}).", ex);
        }
        using (doc)
        {
            try { return ParseObject(doc, header.Length, dataLength, where); }
            catch (InvalidOperationException ex)
            {
                // e.g. a \uD800 escape: valid JSON, but no valid UTF-16 string
                throw new InvalidDataException($"{where}: header at offset 8 holds a string that is not valid Unicode ({ex.Message})", ex);
            }
        }
    }

    /// <summary>Byte index of the first invalid UTF-8 sequence in <paramref name="bytes"/>, or null when all of it is valid.</summary>
    static int? InvalidUtf8At(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes)) return null;
        var chars = ArrayPool<char>.Shared.Rent(bytes.Length);
        try
        {
            System.Text.Unicode.Utf8.ToUtf16(bytes, chars, out int read, out _, replaceInvalidSequences: false);
            return read;
        }
        finally { ArrayPool<char>.Shared.Return(chars); }
    }

    static (List<Entry> Entries, Dictionary<string, string> Metadata) ParseObject(JsonDocument doc, int headerLength, long dataLength, string where)
    {
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"{where}: header at offset 8 is a JSON {doc.RootElement.ValueKind}, expected an object.");
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = new List<Entry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var prop in doc.RootElement.EnumerateObject())
        {
            if (!seen.Add(prop.Name))
                throw new InvalidDataException($"{where}: header at offset 8 lists '{Shown(prop.Name)}' twice.");
            if (prop.Name == MetadataKey)
            {
                if (prop.Value.ValueKind != JsonValueKind.Object)
                    throw new InvalidDataException($"{where}: {MetadataKey} in the header at offset 8 must be an object of strings.");
                foreach (var m in prop.Value.EnumerateObject())
                    metadata[m.Name] = m.Value.ValueKind == JsonValueKind.String
                        ? m.Value.GetString()!
                        : throw new InvalidDataException($"{where}: metadata '{Shown(m.Name)}' in the header at offset 8 is a JSON {m.Value.ValueKind}, expected a string.");
                continue;
            }
            entries.Add(ParseEntry(prop, dataLength, 8 + headerLength, where));
        }
        CheckCoverage(entries, dataLength, 8 + headerLength, where);
        return (entries, metadata);
    }

    static Entry ParseEntry(JsonProperty prop, long dataLength, long dataStart, string where)
    {
        string name = prop.Name;
        string tensorWhere = $"{where}: tensor '{Shown(name)}' (header at offset 8)";
        var v = prop.Value;
        if (v.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"{tensorWhere} is a JSON {v.ValueKind}, expected {{dtype, shape, data_offsets}}.");
        if (!v.TryGetProperty("dtype", out var dt) || dt.ValueKind != JsonValueKind.String)
            throw new InvalidDataException($"{tensorWhere} has no string 'dtype'.");
        string dtype = dt.GetString()!;
        if (!SafetensorsDType.TryFromName(dtype, out var type, out int size))
            throw new InvalidDataException($"{tensorWhere} has unknown dtype '{dtype}'; supported: {SafetensorsDType.Accepted}.");
        var shape = ReadIntegers(v, "shape", tensorWhere);
        var offsets = ReadIntegers(v, "data_offsets", tensorWhere);
        if (offsets.Length != 2)
            throw new InvalidDataException($"{tensorWhere}: data_offsets must be [begin, end], got {offsets.Length} numbers.");
        long begin = offsets[0], end = offsets[1];
        if (end < begin || end > dataLength)
            throw new InvalidDataException($"{tensorWhere}: data_offsets [{begin}, {end}] (file offsets {dataStart + begin}..{dataStart + end}) " +
                                           $"are out of range of the {dataLength}-byte data section starting at offset {dataStart}.");
        long count = 1;
        try { foreach (var d in shape) count = checked(count * d); }
        catch (OverflowException) { throw new InvalidDataException($"{tensorWhere}: shape [{string.Join(", ", shape)}] is too large."); }
        if (count > long.MaxValue / size || count * size != end - begin)
            throw new InvalidDataException($"{tensorWhere}: shape [{string.Join(", ", shape)}] of {dtype} needs {count} x {size} bytes " +
                                           $"but data_offsets [{begin}, {end}] (file offset {dataStart + begin}) hold {end - begin}.");
        return new Entry(name, type, shape, begin, end);
    }

    static long[] ReadIntegers(JsonElement v, string key, string where)
    {
        if (!v.TryGetProperty(key, out var arr) || arr.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"{where} has no '{key}' array.");
        var result = new long[arr.GetArrayLength()];
        int i = 0;
        foreach (var e in arr.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out long x) || x < 0)
                throw new InvalidDataException($"{where}: '{key}' element {i} ({Shown(e.GetRawText())}) is not a non-negative integer.");
            result[i++] = x;
        }
        return result;
    }

    /// <summary>The tensors, in offset order, must fill the data section exactly: no gap, no overlap, no trailing bytes.</summary>
    static void CheckCoverage(List<Entry> entries, long dataLength, long dataStart, string where)
    {
        Entry? previous = null;
        long cursor = 0;
        foreach (var e in entries.Where(e => e.End > e.Begin).OrderBy(e => e.Begin))
        {
            if (e.Begin < cursor)
                throw new InvalidDataException($"{where}: tensor '{Shown(e.Name)}' data_offsets [{e.Begin}, {e.End}] overlap tensor '{Shown(previous!.Name)}' " +
                                               $"[{previous.Begin}, {previous.End}] at file offset {dataStart + e.Begin}.");
            if (e.Begin > cursor)
                throw new InvalidDataException($"{where}: {e.Begin - cursor} byte(s) at file offset {dataStart + cursor} belong to no tensor " +
                                               $"(gap before tensor '{Shown(e.Name)}' data_offsets [{e.Begin}, {e.End}]).");
            previous = e;
            cursor = e.End;
        }
        if (cursor != dataLength)
            throw new InvalidDataException($"{where}: {dataLength - cursor} trailing byte(s) at file offset {dataStart + cursor} belong to no tensor " +
                                           $"(the tensors hold {cursor} of the {dataLength}-byte data section).");
    }

    /// <summary><paramref name="text"/> with control characters escaped (\uXXXX), so an error message stays one line.</summary>
    static string Shown(string text) =>
        text.Any(char.IsControl) ? string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString())) : text;

    static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Safetensors I/O here assumes a little-endian machine.");
    }
}
