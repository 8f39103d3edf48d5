using System.Globalization;

namespace GapLab.Data;

/// <summary>
/// Reader for the binary versions of CIFAR-10 and CIFAR-100 (Krizhevsky 2009, https://www.cs.toronto.edu/~kriz/cifar.html).
/// CIFAR-10 record: 1 label byte + 3072 pixel bytes (1024 red, 1024 green, 1024 blue, each 32x32 row-major); files
/// data_batch_1..5.bin and test_batch.bin, class names in batches.meta.txt. CIFAR-100 record: coarse byte, fine byte,
/// 3072 pixel bytes; files train.bin and test.bin, names in fine_label_names.txt / coarse_label_names.txt.
/// Samples have shape [3,32,32] with values byte / 255. Format errors are <see cref="InvalidDataException"/>s naming the
/// file and byte offset; missing files are <see cref="FileNotFoundException"/>s listing the expected files.
/// </summary>
public static class CifarReader
{
    public const int ImageBytes = 3 * 32 * 32;
    public const int Cifar10RecordBytes = 1 + ImageBytes;
    public const int Cifar100RecordBytes = 2 + ImageBytes;
    public const int Cifar100FineClasses = 100;
    public const int Cifar100CoarseClasses = 20;
    /// <summary>Subdirectories the archives unpack into; the loaders look there when <c>dir</c> itself lacks the files.</summary>
    public const string Cifar10Subdirectory = "cifar-10-batches-bin";
    public const string Cifar100Subdirectory = "cifar-100-binary";
    public static IReadOnlyList<string> Cifar10TrainFiles { get; } = Enumerable.Range(1, 5).Select(i => $"data_batch_{i}.bin").ToArray();
    public const string Cifar10TestFile = "test_batch.bin";
    public const string Cifar10NamesFile = "batches.meta.txt";
    public const string Cifar100TrainFile = "train.bin";
    public const string Cifar100TestFile = "test.bin";
    public const string Cifar100FineNamesFile = "fine_label_names.txt";
    public const string Cifar100CoarseNamesFile = "coarse_label_names.txt";

    /// <summary>CIFAR-10 class names in label order (used when batches.meta.txt is absent).</summary>
    public static IReadOnlyList<string> Cifar10ClassNames { get; } = new[]
    {
        "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck",
    };

    static readonly int[] ImageShape = { 3, 32, 32 };

    /// <summary>Loads CIFAR-10 (50,000 train / 10,000 test) from <paramref name="dir"/> or its cifar-10-batches-bin subdirectory.</summary>
    public static DatasetSplit LoadCifar10(string dir)
    {
        var expected = Cifar10TrainFiles.Append(Cifar10TestFile).ToArray();
        var root = ResolveRoot(dir, Cifar10Subdirectory, expected);
        var train = Cifar10TrainFiles.Select(f => Require(root, f, "CIFAR-10", expected)).ToArray();
        var test = Require(root, Cifar10TestFile, "CIFAR-10", expected);
        var names = ReadNames(Path.Combine(root, Cifar10NamesFile), 10) ?? Cifar10ClassNames;
        return new DatasetSplit(ReadCifar10(train, "cifar10", names), ReadCifar10(new[] { test }, "cifar10-test", names));
    }

    /// <summary>
    /// Loads CIFAR-100 from <paramref name="dir"/> or its cifar-100-binary subdirectory with the 100 fine labels, or the
    /// 20 coarse superclass labels when <paramref name="coarse"/>. Class names come from fine_label_names.txt /
    /// coarse_label_names.txt when present, otherwise "class_0", "class_1", ...
    /// </summary>
    public static DatasetSplit LoadCifar100(string dir, bool coarse)
    {
        var expected = new[] { Cifar100TrainFile, Cifar100TestFile };
        var root = ResolveRoot(dir, Cifar100Subdirectory, expected);
        var train = Require(root, Cifar100TrainFile, "CIFAR-100", expected);
        var test = Require(root, Cifar100TestFile, "CIFAR-100", expected);
        int classes = coarse ? Cifar100CoarseClasses : Cifar100FineClasses;
        var names = ReadNames(Path.Combine(root, coarse ? Cifar100CoarseNamesFile : Cifar100FineNamesFile), classes)
                    ?? Enumerable.Range(0, classes).Select(i => "class_" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        string name = coarse ? "cifar100-coarse" : "cifar100";
        return new DatasetSplit(ReadCifar100(new[] { train }, coarse, name, names), ReadCifar100(new[] { test }, coarse, name + "-test", names));
    }

    /// <summary>Reads CIFAR-10 record files, concatenated in the given order, into one dataset.</summary>
    public static Dataset ReadCifar10(IReadOnlyList<string> files, string name, IReadOnlyList<string> classNames) =>
        ReadRecords(files, Cifar10RecordBytes, new[] { new LabelByte(0, 10) }, labelByte: 0, name, classNames);

    /// <summary>
    /// Reads CIFAR-100 record files, keeping the fine (byte 1) or, when <paramref name="coarse"/>, the coarse (byte 0)
    /// label; both label bytes are range-checked.
    /// </summary>
    public static Dataset ReadCifar100(IReadOnlyList<string> files, bool coarse, string name, IReadOnlyList<string> classNames) =>
        ReadRecords(files, Cifar100RecordBytes,
            new[] { new LabelByte(0, Cifar100CoarseClasses), new LabelByte(1, Cifar100FineClasses) },
            labelByte: coarse ? 0 : 1, name, classNames);

    /// <summary>A label byte at <paramref name="Offset"/> within a record, valid in [0, Classes).</summary>
    readonly record struct LabelByte(int Offset, int Classes);

    static Dataset ReadRecords(IReadOnlyList<string> files, int recordBytes, LabelByte[] labelBytes, int labelByte, string name, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0) throw new ArgumentException($"Dataset '{name}': no CIFAR files given.", nameof(files));
        string format = recordBytes == Cifar10RecordBytes ? "CIFAR-10" : "CIFAR-100";
        var contents = files.Select(f => (Path: f, Bytes: File.ReadAllBytes(f))).ToArray();
        long records = 0;
        foreach (var (path, bytes) in contents)
        {
            int len = bytes.Length;
            if (len == 0) throw Error(path, 0, $"file is empty; expected {format} records of {recordBytes} bytes.");
            if (len % recordBytes != 0)
                throw Error(path, len - len % recordBytes,
                    $"length {len} is not a multiple of the {recordBytes}-byte {format} record; the record starting here is truncated (or this is not a {format} binary file).");
            records += len / recordBytes;
        }
        var features = new float[checked(records * ImageBytes)];
        var labels = new int[records];
        long r = 0;
        foreach (var (path, b) in contents)
        {
            for (int off = 0; off < b.Length; off += recordBytes, r++)
            {
                foreach (var lb in labelBytes)
                    if (b[off + lb.Offset] >= lb.Classes)
                        throw Error(path, off + lb.Offset, $"label {b[off + lb.Offset]} of record {off / recordBytes} is outside [0, {lb.Classes - 1}].");
                labels[r] = b[off + labelByte];
                int pixels = off + recordBytes - ImageBytes;
                long dst = r * ImageBytes;
                for (int i = 0; i < ImageBytes; i++) features[dst + i] = b[pixels + i] / 255f;
            }
        }
        return new Dataset(name, features, labels, ImageShape, classNames);
    }

    static InvalidDataException Error(string path, long offset, string problem) => new($"'{path}' at byte offset {offset}: {problem}");

    /// <summary><paramref name="dir"/>, or its archive subdirectory when only that one holds the first expected file.</summary>
    static string ResolveRoot(string dir, string subdirectory, IReadOnlyList<string> expected)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dir);
        var nested = Path.Combine(dir, subdirectory);
        return !File.Exists(Path.Combine(dir, expected[0])) && File.Exists(Path.Combine(nested, expected[0])) ? nested : dir;
    }

    static string Require(string root, string file, string title, IReadOnlyList<string> expected)
    {
        var p = Path.Combine(root, file);
        if (File.Exists(p)) return p;
        string where = Directory.Exists(root) ? $"'{p}' is missing" : $"directory '{root}' does not exist";
        throw new FileNotFoundException(
            $"{title}: {where}. Expected the binary version's files {string.Join(", ", expected)} in the data folder " +
            "(or in the subdirectory the archive from https://www.cs.toronto.edu/~kriz/cifar.html unpacks into); pass it with --data DIR.", p);
    }

    /// <summary>Non-empty trimmed lines of a names file, or null when it is absent; a wrong count is an error.</summary>
    static IReadOnlyList<string>? ReadNames(string path, int expectedCount)
    {
        if (!File.Exists(path)) return null;
        var names = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        if (names.Length != expectedCount)
            throw new InvalidDataException($"'{path}' at byte offset 0: has {names.Length} non-empty lines; expected {expectedCount} class names, one per line.");
        return names;
    }
}
