using System.Buffers.Binary;
using System.Text;
using GapLab.Runtime;
using GapLab.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Core.Tests.Weights;

public sealed class SafetensorsTests : IDisposable
{
    readonly TempDirectory _dir = new();

    public SafetensorsTests() => TorchRuntime.EnsureLoaded();

    public void Dispose() => _dir.Dispose();

    /// <summary>8-byte little-endian length, the JSON header padded with spaces to a multiple of 8, then the data.</summary>
    static byte[] File(string json, byte[] data, bool pad = true, bool latin1 = false)
    {
        var header = (latin1 ? Encoding.Latin1 : Encoding.UTF8).GetBytes(json).ToList();
        while (pad && header.Count % 8 != 0) header.Add((byte)' ');
        var bytes = new byte[8 + header.Count + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Count);
        header.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + header.Count);
        return bytes;
    }

    [Fact]
    public void Reads_a_hand_built_file()
    {
        // F32 [2] = {1.5, -2}: 00 00 C0 3F, 00 00 00 C0; I16 [1,3] = {1, -1, 300}: 01 00, FF FF, 2C 01; BOOL [2] = {true, false}.
        byte[] data = [0x00, 0x00, 0xC0, 0x3F, 0x00, 0x00, 0x00, 0xC0, 0x01, 0x00, 0xFF, 0xFF, 0x2C, 0x01, 0x01, 0x00];
        string json = "{\"__metadata__\":{\"gaplab.spec\":\"mlp:depth=1\"}," +
                      "\"b\":{\"dtype\":\"I16\",\"shape\":[1,3],\"data_offsets\":[8,14]}," +
                      "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}," +
                      "\"flag\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[14,16]}}";
        var (tensors, metadata) = Safetensors.Read(File(json, data), "hand.safetensors");
        using var scope = NewDisposeScope();
        foreach (var t in tensors.Values) t.MoveToOuterDisposeScope();
        Assert.Equal("mlp:depth=1", metadata["gaplab.spec"]);
        Assert.Single(metadata);
        Assert.Equal(ScalarType.Float32, tensors["a"].dtype);
        Assert.Equal(new[] { 1.5f, -2f }, tensors["a"].data<float>().ToArray());
        Assert.Equal(new long[] { 1, 3 }, tensors["b"].shape);
        Assert.Equal(new short[] { 1, -1, 300 }, tensors["b"].data<short>().ToArray());
        Assert.Equal(new[] { true, false }, tensors["flag"].data<bool>().ToArray());
        foreach (var t in tensors.Values) t.Dispose();
    }

    [Fact]
    public void Writes_the_reference_layout_byte_for_byte()
    {
        using var scope = NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>
        {
            ["z"] = tensor(new long[] { 5 }, new long[] { 1 }),
            ["a"] = tensor(new[] { 1f, 2f }, new long[] { 2 }),
        };
        var path = _dir.File("x.safetensors");
        Safetensors.Save(path, tensors, new Dictionary<string, string> { ["k"] = "v" });
        var bytes = System.IO.File.ReadAllBytes(path);
        byte[] data = [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40, 5, 0, 0, 0, 0, 0, 0, 0];
        // the checksum of the data section: sha256sum of these 16 bytes (printf '\x00\x00\x80\x3f\x00\x00\x00\x40\x05' plus 7 zero bytes)
        const string sha = "946db4d28a00f3a7fbfade6e664a6259367ea7fecfc136ee2a600db70fee2194";
        string json = "{\"__metadata__\":{\"gaplab.data_sha256\":\"" + sha + "\",\"k\":\"v\"},\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}," +
                      "\"z\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[8,16]}}";
        Assert.Equal(File(json, data), bytes);
        Assert.Equal(0, BinaryPrimitives.ReadInt64LittleEndian(bytes) % 8);
        Assert.Equal("v", Safetensors.ReadMetadata(path)["k"]);
    }

    public static TheoryData<ScalarType, long[]> RoundTripCases()
    {
        var data = new TheoryData<ScalarType, long[]>();
        foreach (var type in new[] { ScalarType.Float32, ScalarType.Float64, ScalarType.Float16, ScalarType.BFloat16, ScalarType.Int64,
                                     ScalarType.Int32, ScalarType.Int16, ScalarType.Int8, ScalarType.Byte, ScalarType.Bool })
            data.Add(type, [3, 5]);
        data.Add(ScalarType.Float32, []);
        data.Add(ScalarType.Float32, [0]);
        data.Add(ScalarType.Int64, [2, 0, 3]);
        data.Add(ScalarType.Float16, [2, 3, 4, 5]);
        return data;
    }

    [Theory]
    [MemberData(nameof(RoundTripCases))]
    public void Round_trip_keeps_dtype_shape_and_every_bit(ScalarType type, long[] shape)
    {
        using var scope = NewDisposeScope();
        var g = new Generator(1234);
        var source = type == ScalarType.Bool ? rand(shape, generator: g).gt(0.5)
            : type is ScalarType.Byte or ScalarType.Int8 or ScalarType.Int16 or ScalarType.Int32 or ScalarType.Int64
                ? randint(-100, 100, shape, generator: g).to(type).mul(type == ScalarType.Byte ? 1 : 3)
                : randn(shape, generator: g).mul(1e3).to(type);
        var other = arange(4, ScalarType.Float32);
        var path = _dir.File("rt.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["t"] = source, ["other"] = other });
        var (loaded, metadata) = Safetensors.Load(path);
        foreach (var t in loaded.Values) t.MoveToOuterDisposeScope();
        Assert.Equal(new[] { Safetensors.ChecksumKey }, metadata.Keys);
        Assert.Equal(new[] { "other", "t" }, loaded.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(type, loaded["t"].dtype);
        Assert.Equal(shape, loaded["t"].shape);
        Assert.Equal(Bytes(source), Bytes(loaded["t"]));
        Assert.Equal(new[] { 0f, 1f, 2f, 3f }, loaded["other"].data<float>().ToArray());
        foreach (var t in loaded.Values) t.Dispose();
    }

    static byte[] Bytes(Tensor t) => t.numel() == 0 ? [] : t.bytes.ToArray();

    [Fact]
    public void Non_contiguous_tensors_are_written_in_logical_order()
    {
        using var scope = NewDisposeScope();
        var m = arange(6, ScalarType.Float32).reshape(2, 3).t();
        var path = _dir.File("t.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["m"] = m });
        var (loaded, _) = Safetensors.Load(path);
        using var back = loaded["m"];
        Assert.Equal(new long[] { 3, 2 }, back.shape);
        Assert.Equal(new[] { 0f, 3f, 1f, 4f, 2f, 5f }, back.data<float>().ToArray());
    }

    [Fact]
    public void Unsupported_dtypes_and_reserved_names_are_refused_on_save()
    {
        using var scope = NewDisposeScope();
        var complex = zeros(2, ScalarType.ComplexFloat32);
        var ex = Assert.Throws<ArgumentException>(() => Safetensors.Save(_dir.File("c.safetensors"), new Dictionary<string, Tensor> { ["c"] = complex }));
        Assert.Contains("BF16", ex.Message);
        Assert.Throws<ArgumentException>(() => Safetensors.Save(_dir.File("m.safetensors"), new Dictionary<string, Tensor> { [Safetensors.MetadataKey] = zeros(1) }));
    }

    public static TheoryData<string, byte[], string[]> CorruptFiles()
    {
        var eight = new byte[8];
        var lengthOnly = new byte[10];
        BinaryPrimitives.WriteUInt64LittleEndian(lengthOnly, 1000);
        return new TheoryData<string, byte[], string[]>
        {
            { "short", [1, 2, 3], ["only 3 bytes", "offset 0"] },
            { "length", lengthOnly, ["header length 1000", "beyond the file end", "offset 0"] },
            { "json", File("{\"a\": {\"dtype\": ", []), ["not valid JSON", "offset"] },
            { "array", File("[1,2]", []), ["expected an object", "offset 8"] },
            { "range", File("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", eight), ["'w'", "[0, 16]", "out of range", "8-byte data section"] },
            { "overlap", File("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", eight), ["'b'", "overlap", "'a'", "file offset"] },
            { "dtype", File("{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[8],\"data_offsets\":[0,8]}}", eight), ["'w'", "unknown dtype 'F8_E4M3'", "BOOL", "offset 8"] },
            { "shape", File("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", eight), ["'w'", "shape [3]", "3 x 4 bytes", "hold 8", "file offset"] },
            { "negative", File("{\"w\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", eight), ["'w'", "'shape' element 0 (-2)"] },
            { "metadata", File("{\"__metadata__\":{\"n\":3}}", []), ["metadata 'n'", "expected a string"] },
            { "gap", File("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", eight), ["4 byte(s) at file offset", "belong to no tensor", "gap before tensor 'w'"] },
            { "trailing", File("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", eight), ["4 trailing byte(s)", "hold 4 of the 8-byte data section"] },
            { "utf8-name", File("{\"w\xFF\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", eight, latin1: true), ["not valid UTF-8 at file offset 11"] },
            { "utf8-metadata", File("{\"__metadata__\":{\"k\":\"\xC3(\"}}", [], latin1: true), ["not valid UTF-8 at file offset 30"] },
            { "surrogate", File("{\"__metadata__\":{\"k\":\"\\uD800\"}}", []), ["not valid Unicode"] },
        };
    }

    [Theory]
    [MemberData(nameof(CorruptFiles))]
    public void Corrupt_files_are_rejected_naming_file_tensor_and_offset(string name, byte[] content, string[] expected)
    {
        var path = _dir.File(name + ".safetensors");
        System.IO.File.WriteAllBytes(path, content);
        var ex = Assert.Throws<InvalidDataException>(() => Safetensors.Load(path));
        Assert.Contains(path, ex.Message);
        foreach (var part in expected) Assert.Contains(part, ex.Message);
    }

    [Fact]
    public void A_changed_data_byte_fails_the_checksum_and_a_file_without_checksum_still_loads()
    {
        using var scope = NewDisposeScope();
        var path = _dir.File("sum.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["w"] = tensor(new[] { 1f, 2f, 3f }) });
        var bytes = System.IO.File.ReadAllBytes(path);
        bytes[^1] ^= 0x01; // the top byte of 3f (0x40 -> 0x41): 3.0 becomes 12.0, structurally still a valid file
        System.IO.File.WriteAllBytes(path, bytes);
        var ex = Assert.Throws<InvalidDataException>(() => Safetensors.Load(path));
        Assert.Contains("has SHA-256", ex.Message);
        Assert.Contains(Safetensors.ChecksumKey, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);

        // the same bytes with no checksum in the header (as PyTorch's safetensors writes them) load
        var plain = File("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}}", bytes[^12..]);
        var (tensors, metadata) = Safetensors.Read(plain, "plain");
        using var w = tensors["w"];
        Assert.Empty(metadata);
        Assert.Equal(new[] { 1f, 2f, BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(3f) ^ (1 << 24)) }, w.data<float>().ToArray());
    }

    [Fact]
    public void Sixteen_bytes_inserted_into_the_data_section_are_refused()
    {
        using var scope = NewDisposeScope();
        var path = _dir.File("ins.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["a"] = ones(4), ["b"] = ones(2, 2) });
        var bytes = System.IO.File.ReadAllBytes(path).ToList();
        long dataStart = 8 + BinaryPrimitives.ReadInt64LittleEndian(bytes.ToArray());
        bytes.InsertRange((int)dataStart + 16, new byte[16]);
        System.IO.File.WriteAllBytes(path, bytes.ToArray());
        var ex = Assert.Throws<InvalidDataException>(() => Safetensors.Load(path));
        Assert.Contains("16 trailing byte(s)", ex.Message);
    }
}
