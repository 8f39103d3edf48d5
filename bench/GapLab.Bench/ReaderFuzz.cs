using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using GapLab.Data;
using GapLab.Quality;
using GapLab.Runtime;
using GapLab.Suites;
using GapLab.Testbed;
using GapLab.Weights;
using static TorchSharp.torch;

namespace GapLab.Bench;

/// <summary>What a fuzz run of one reader gave: inputs read, refused with GapLab's one-line error, and failures (with examples).</summary>
public sealed record FuzzCount(string Reader, int Inputs, int Loaded, int CleanErrors, int Crashes, int Hangs, double Seconds, IReadOnlyList<string> Examples);

/// <summary>
/// Feeds mutated inputs to every file reader of GapLab.Core: safetensors, IDX (raw and gzip), CIFAR binary records, NPY, suite
/// JSON, testbed JSON and CIFAR-10-C style corruption folders; and, where compiled in, GapLab.Cli's notebook reader and
/// GapLab.Interactive's magic-command line check. Mutations: bit flips, byte overwrites, truncation, extension, inserted/deleted bytes, header-length
/// edits, huge dimensions and invalid UTF-8. An input passes when the reader returns, or throws GapLab's bad-input error (what
/// the CLI turns into one line and exit code 2: ArgumentException, FormatException, IOException incl. InvalidDataException,
/// JsonException) with a one-line message, within the per-input time limit; anything else is a crash, a time-out is a hang.
/// Seeded: the same seed gives the same inputs. Used by <c>bench fuzz</c> (100,000+ per reader) and by a CI test (a slice).
/// </summary>
public static partial class ReaderFuzz
{
    /// <summary>The readers of GapLab.Core, in report order.</summary>
    public static IReadOnlyList<string> CoreReaders { get; } =
        ["safetensors", "idx", "idx-gz", "cifar-bin", "npy", "suite-json", "testbed-json", "cifar10c-images", "cifar10c-labels"];

    /// <summary>Readers of the other assemblies compiled in (ReaderFuzz.Notebooks.cs: GapLab.Cli's notebook reader;
    /// ReaderFuzz.Magic.cs: GapLab.Interactive's magic-command lines), with their seed input and read action.</summary>
    static readonly List<(string Name, Func<byte[]> Seed, Action<byte[], string> Read)> More = MoreTargets();

    static List<(string, Func<byte[]>, Action<byte[], string>)> MoreTargets()
    {
        var list = new List<(string, Func<byte[]>, Action<byte[], string>)>();
        NotebookTargets(list);
        MagicTargets(list);
        return list;
    }

    static partial void NotebookTargets(List<(string Name, Func<byte[]> Seed, Action<byte[], string> Read)> targets);
    static partial void MagicTargets(List<(string Name, Func<byte[]> Seed, Action<byte[], string> Read)> targets);

    /// <summary>Every reader compiled in, in report order.</summary>
    public static IReadOnlyList<string> Readers => [.. CoreReaders, .. More.Select(m => m.Name)];

    /// <summary>Fuzzes <paramref name="only"/> (default: every reader compiled in).</summary>
    public static IReadOnlyList<FuzzCount> Run(int perReader, int seed, TimeSpan perInput, long memoryLimitBytes, TextWriter? log = null, IReadOnlyList<string>? only = null)
    {
        TorchRuntime.EnsureLoaded();
        var scratch = Directory.CreateTempSubdirectory("gaplab-fuzz-").FullName;
        try
        {
            var readers = Readers;
            foreach (var r in only ?? []) if (!readers.Contains(r)) throw new ArgumentException($"Unknown reader '{r}'; readers: {string.Join(", ", readers)}.");
            return readers.Select((r, i) => (r, i)).Where(x => only is null || only.Contains(x.r))
                .Select(x => RunOne(x.r, perReader, seed + 7919 * x.i, perInput, memoryLimitBytes, scratch, log)).ToList();
        }
        finally
        {
            try { Directory.Delete(scratch, recursive: true); } catch (IOException) { }
        }
    }

    static FuzzCount RunOne(string reader, int count, int seed, TimeSpan perInput, long memoryLimit, string scratch, TextWriter? log)
    {
        var rng = new Random(seed);
        var (seedInput, read, kind) = Target(reader, scratch);
        int loaded = 0, clean = 0, crashes = 0, hangs = 0;
        var examples = new List<string>();
        var clock = Stopwatch.StartNew();
        for (int n = 0; n < count; n++)
        {
            var input = Mutate(seedInput, kind, rng);
            Exception? error = null;
            var task = Task.Run(() =>
            {
                using var scope = NewDisposeScope();
                try { read(input); }
                catch (Exception e) { error = e; }
            });
            if (!task.Wait(perInput))
            {
                hangs++;
                examples.Add($"{reader} #{n}: no result within {perInput.TotalSeconds} s ({input.Length} bytes)");
                break; // the thread cannot be stopped; report and end this reader
            }
            if (error is null) loaded++;
            else if (IsGapLabError(error) && !error.Message.Contains('\n')) clean++;
            else
            {
                crashes++;
                if (examples.Count < 5)
                    examples.Add($"{reader} #{n}: {error.GetType().Name}: {error.Message.Split('\n')[0]} ({input.Length} bytes)");
            }
            if ((n & 1023) == 0 && GC.GetTotalMemory(false) > memoryLimit)
            {
                GC.Collect();
                if (GC.GetTotalMemory(true) > memoryLimit) { examples.Add($"{reader} #{n}: managed memory above {memoryLimit >> 20} MiB"); crashes++; }
            }
        }
        var result = new FuzzCount(reader, loaded + clean + crashes + hangs, loaded, clean, crashes, hangs, clock.Elapsed.TotalSeconds, examples);
        log?.WriteLine($"{reader}: {result.Inputs} inputs, {loaded} loaded, {clean} clean errors, {crashes} crashes, {hangs} hangs ({result.Seconds:F0} s)");
        return result;
    }

    /// <summary>The CLI's bad-input errors (GapLabCli.IsBadInput): one line, exit code 2.</summary>
    public static bool IsGapLabError(Exception e) => e is ArgumentException or FormatException or IOException or InvalidDataException or JsonException;

    enum Kind { Safetensors, Idx, Gzip, Cifar, Npy, Json }

    static (byte[] Seed, Action<byte[]> Read, Kind Kind) Target(string reader, string scratch)
    {
        string file = Path.Combine(scratch, reader);
        switch (reader)
        {
            case "safetensors":
                return (SafetensorsSeed(), bytes =>
                {
                    var (tensors, _) = Safetensors.Read(bytes, "fuzz.safetensors");
                    foreach (var t in tensors.Values) t.Dispose();
                }, Kind.Safetensors);
            case "idx":
                return (IdxWriter.Encode(IdxReader.ImagesMagic, [3, 4, 5], Enumerable.Range(0, 60).Select(i => (byte)i).ToArray()),
                    bytes => IdxReader.Parse(IdxReader.Decode(bytes, "fuzz-idx"), "fuzz-idx", IdxReader.ImagesMagic), Kind.Idx);
            case "idx-gz":
                return (Gzip(IdxWriter.Encode(IdxReader.LabelsMagic, [40], Enumerable.Range(0, 40).Select(i => (byte)(i % 10)).ToArray())),
                    bytes => IdxReader.Parse(IdxReader.Decode(bytes, "fuzz-idx.gz"), "fuzz-idx.gz", IdxReader.LabelsMagic), Kind.Gzip);
            case "cifar-bin":
                var records = new byte[3 * 3073];
                for (int r = 0; r < 3; r++) { records[r * 3073] = (byte)(r * 3); for (int i = 1; i < 3073; i++) records[r * 3073 + i] = (byte)(i * 7 + r); }
                return (records, bytes =>
                {
                    File.WriteAllBytes(file, bytes);
                    CifarReader.ReadCifar10([file], "fuzz", CifarReader.Cifar10ClassNames);
                }, Kind.Cifar);
            case "npy":
                return (Npy("|u1", [2, 3, 4], Enumerable.Range(0, 24).Select(i => (byte)i).ToArray()), bytes =>
                {
                    File.WriteAllBytes(file, bytes);
                    NpyReader.ReadUInt8(file);
                }, Kind.Npy);
            case "suite-json":
                return (Encoding.UTF8.GetBytes(BuiltInSuites.Resolve("smoke").ToJson()),
                    bytes => SuiteSpec.FromJson(Encoding.UTF8.GetString(bytes), "fuzz-suite.json"), Kind.Json);
            case "testbed-json":
                return (Encoding.UTF8.GetBytes(BuiltInTestbeds.FashionMnist.ToJson()),
                    bytes => TestbedConfig.FromJson(Encoding.UTF8.GetString(bytes), "fuzz-testbed.json"), Kind.Json);
            case "cifar10c-images": // a CIFAR-10-C style folder: <corruption>.npy uint8 [5N,H,W,C] + labels.npy; the images file mutated
            case "cifar10c-labels": // ... the labels file mutated
                {
                    bool images = reader == "cifar10c-images";
                    var imagesSeed = Npy("|u1", [10, 4, 4, 3], Enumerable.Range(0, 480).Select(i => (byte)(i * 5)).ToArray());
                    var labelsSeed = Npy("<i8", [2], [.. BitConverter.GetBytes(3L), .. BitConverter.GetBytes(7L)]);
                    var folder = Directory.CreateDirectory(Path.Combine(scratch, reader)).FullName;
                    File.WriteAllBytes(Path.Combine(folder, CorruptionFileSet.LabelsFile), labelsSeed);
                    File.WriteAllBytes(Path.Combine(folder, "fog.npy"), imagesSeed);
                    return (images ? imagesSeed : labelsSeed, bytes =>
                    {
                        File.WriteAllBytes(Path.Combine(folder, images ? "fog.npy" : CorruptionFileSet.LabelsFile), bytes);
                        var set = CorruptionFileSet.Open(folder);
                        for (int severity = 1; severity <= 5; severity++) set.Load("fog", severity).Dispose();
                        set.Labels().Dispose();
                    }, Kind.Npy);
                }
            default:
                var more = More.FirstOrDefault(m => m.Name == reader);
                if (more.Name is null) throw new ArgumentException($"Unknown reader '{reader}'; readers: {string.Join(", ", Readers)}.");
                return (more.Seed(), bytes => more.Read(bytes, file), Kind.Json);
        }
    }

    static byte[] SafetensorsSeed()
    {
        using var scope = NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>
        {
            ["fc.weight"] = arange(12, ScalarType.Float32).reshape(3, 4),
            ["fc.bias"] = ones(3, ScalarType.Float64),
            ["steps"] = tensor(new long[] { 7 }),
            ["mask"] = tensor(new[] { true, false }),
        };
        using var ms = new MemoryStream();
        Safetensors.Write(ms, tensors, new Dictionary<string, string> { ["gaplab.spec"] = "mlp:depth=1,width=3", ["gaplab.input"] = "1x2x2->3" });
        return ms.ToArray();
    }

    static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(data);
        return ms.ToArray();
    }

    static byte[] Npy(string descr, long[] shape, byte[] data)
    {
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({string.Join(", ", shape)}{(shape.Length == 1 ? "," : "")}), }}";
        int total = 10 + dict.Length + 1;
        int pad = (64 - total % 64) % 64;
        var header = Encoding.ASCII.GetBytes(dict + new string(' ', pad) + "\n");
        var bytes = new byte[10 + header.Length + data.Length];
        bytes[0] = 0x93; Encoding.ASCII.GetBytes("NUMPY").CopyTo(bytes, 1); bytes[6] = 1; bytes[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)header.Length);
        header.CopyTo(bytes, 10);
        data.CopyTo(bytes, 10 + header.Length);
        return bytes;
    }

    static readonly byte[] InvalidUtf8 = [0xFF, 0xC3, 0x28, 0xE2, 0x82, 0xED, 0xA0, 0x80, 0xF8];

    /// <summary>One mutation (sometimes two) of <paramref name="seed"/>.</summary>
    static byte[] Mutate(byte[] seed, Kind kind, Random rng)
    {
        if (kind == Kind.Gzip && rng.Next(2) == 0) // half the gzip inputs: a valid stream around a damaged IDX file
        {
            using var inner = new MemoryStream();
            using (var gz = new GZipStream(new MemoryStream(seed), CompressionMode.Decompress)) gz.CopyTo(inner);
            return Gzip(Mutate(inner.ToArray(), Kind.Idx, rng));
        }
        var b = seed.ToList();
        int rounds = rng.Next(4) == 0 ? 2 : 1;
        for (int r = 0; r < rounds; r++)
        {
            int op = rng.Next(10);
            int Pos() => b.Count == 0 ? 0 : rng.Next(b.Count);
            switch (op)
            {
                case 0: // bit flips
                    for (int k = 1 + rng.Next(8); k > 0 && b.Count > 0; k--) { int p = Pos(); b[p] ^= (byte)(1 << rng.Next(8)); }
                    break;
                case 1: // random byte overwrite
                    if (b.Count > 0) b[Pos()] = (byte)rng.Next(256);
                    break;
                case 2: // truncation to a random prefix
                    if (b.Count > 0) { int keep = rng.Next(b.Count); b.RemoveRange(keep, b.Count - keep); }
                    break;
                case 3: // extension
                    for (int k = 1 + rng.Next(64); k > 0; k--) b.Add((byte)rng.Next(256));
                    break;
                case 4: // insert or delete a run of bytes
                    {
                        int p = Pos(), len = 1 + rng.Next(16);
                        if (rng.Next(2) == 0) b.InsertRange(p, Enumerable.Range(0, len).Select(_ => (byte)rng.Next(256)));
                        else b.RemoveRange(p, Math.Min(len, b.Count - p));
                    }
                    break;
                case 5: // header length edit
                    HeaderLength(b, kind, rng);
                    break;
                case 6: // huge dimensions
                    HugeDims(b, kind, rng);
                    break;
                case 7: // invalid UTF-8 in the text part
                    {
                        int limit = kind switch { Kind.Safetensors => Math.Min(b.Count, 8 + HeaderLen(b)), Kind.Npy => Math.Min(b.Count, 128), _ => b.Count };
                        if (limit > 0) { int p = rng.Next(limit); b[p] = InvalidUtf8[rng.Next(InvalidUtf8.Length)]; }
                    }
                    break;
                case 8: // digit edits in text (numbers in JSON headers): make them large, negative or fractional
                    {
                        var digits = Enumerable.Range(0, b.Count).Where(i => b[i] is >= (byte)'0' and <= (byte)'9').ToList();
                        if (digits.Count > 0)
                        {
                            int p = digits[rng.Next(digits.Count)];
                            string repl = rng.Next(5) switch { 0 => "99999999999999999999", 1 => "-1", 2 => "1e308", 3 => "4294967296", _ => "0.5" };
                            b.RemoveAt(p);
                            b.InsertRange(p, Encoding.ASCII.GetBytes(repl));
                        }
                    }
                    break;
                default: // a few bytes cut from the end (an interrupted download or copy)
                    { int cut = Math.Min(b.Count, 1 + rng.Next(16)); b.RemoveRange(b.Count - cut, cut); }
                    break;
            }
        }
        return b.ToArray();
    }

    static int HeaderLen(List<byte> b) =>
        b.Count >= 8 ? (int)Math.Min(int.MaxValue / 2, BinaryPrimitives.ReadUInt64LittleEndian(b.Take(8).ToArray())) : 0;

    static void HeaderLength(List<byte> b, Kind kind, Random rng)
    {
        if (kind == Kind.Safetensors && b.Count >= 8)
        {
            ulong n = BinaryPrimitives.ReadUInt64LittleEndian(b.Take(8).ToArray());
            ulong v = rng.Next(4) switch { 0 => n + (ulong)rng.Next(1, 64), 1 => n - (ulong)Math.Min((long)n, rng.Next(1, 64)), 2 => ulong.MaxValue - (ulong)rng.Next(16), _ => (ulong)rng.NextInt64() };
            var bytes = new byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, v);
            for (int i = 0; i < 8; i++) b[i] = bytes[i];
        }
        else if (kind == Kind.Npy && b.Count >= 10)
        {
            ushort v = (ushort)rng.Next(65536);
            b[8] = (byte)v; b[9] = (byte)(v >> 8);
        }
        else if (kind is Kind.Idx or Kind.Cifar && b.Count >= 4) b[3] = (byte)rng.Next(256); // IDX: rank byte of the magic
        else if (b.Count > 0) b[rng.Next(b.Count)] = (byte)'{';
    }

    static void HugeDims(List<byte> b, Kind kind, Random rng)
    {
        if (kind == Kind.Idx && b.Count >= 8)
        {
            int dim = rng.Next(Math.Max(1, Math.Min(3, (b.Count - 4) / 4)));
            uint v = rng.Next(3) switch { 0 => 0xFFFFFFFF, 1 => 0x7FFFFFFF, _ => (uint)rng.Next() };
            var bytes = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, v);
            for (int i = 0; i < 4; i++) b[4 + 4 * dim + i] = bytes[i];
        }
        else if (kind is Kind.Safetensors or Kind.Npy or Kind.Json)
        {
            // replace the first number after a '[' or '(' with a huge one
            var text = b.ToArray();
            for (int i = 0; i < text.Length; i++)
                if (text[i] is (byte)'[' or (byte)'(' && i + 1 < text.Length && text[i + 1] is >= (byte)'0' and <= (byte)'9' && rng.Next(3) == 0)
                {
                    b.InsertRange(i + 1, Encoding.ASCII.GetBytes(rng.Next(2) == 0 ? "9223372036854775807" : "4611686018427387904"));
                    return;
                }
        }
        else if (b.Count > 0) b[0] = 0xFF;
    }
}
