using System.Globalization;

namespace GapLab.Data;

/// <summary>
/// Reader for the binary versions of CIFAR-10 and CIFAR-100 (Krizhevsky 2009, https://www.cs.toronto.edu/~kriz/cifar.html).
/// CIFAR-10 record: 1 label byte + 3072 pixel bytes (1024 red, 1024 green, 1024 blue, each 32x32 row-major);
/// files data_batch_1..5.bin, test_batch.bin, names in batches.meta.txt. CIFAR-100 record: coarse byte, fine byte, 3072
/// pixel bytes; files train.bin, test.bin, names in fine_label_names.txt / coarse_label_names.txt.
/// Output shape [3,32,32] with values / 255. Errors are <see cref="InvalidDataException"/>s naming the file and byte offset.
/// </summary>
public static class CifarReader
{
    public const int ImageBytes = 3 * 32 * 32;
    public const int Cifar10RecordBytes = 1 + ImageBytes;
    public const int Cifar100RecordBytes = 2 + ImageBytes;
    public const string Cifar10Subdirectory = "cifar-10-batches-bin";
    public const string Cifar100Subdirectory = "cifar-100-binary";
    public static readonly IReadOnlyList<string> Cifar10TrainFiles = Enumerable.Range(1, 5).Select(i => $"data_batch_{i}.bin").ToArray();
    public const string Cifar10TestFile = "test_batch.bin";
    public const string Cifar10NamesFile = "batches.meta.txt";
    public const string Cifar100TrainFile = "train.bin";
    public const string Cifar100TestFile = "test.bin";
    public const string Cifar100FineNamesFile = "fine_label_names.txt";
    public const string Cifar100CoarseNamesFile = "coarse_label_names.txt";

    /// <summary>CIFAR-10 class names in label order (used when batches.meta.txt is absent).</summary>
    public static readonly IReadOnlyList<string> Cifar10ClassNames = new[]
    {
        "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck",
    };

    static readonly int[] ImageShape = { 3, 32, 32 };

    /// <summary>
    /// Reads CIFAR-10 record files (concatenated in the given order) into one dataset.
    /// </summary>
    public static Dataset ReadCifar10(IReadOnlyList<string> files, string name, IReadOnlyList<string> classNames) =>
        ReadRecords(files, Cifar10RecordBytes, labelByte: 0, name, classNames);

    /// <summary>Reads CIFAR-100 record files, keeping the fine (byte 1) or coarse (byte 0) label of each record.</summary>
    public static Dataset ReadCifar100(IReadOnlyList<string> files, Cifar100LabelKind kind, string name, IReadOnlyList<string> classNames) =>
        ReadRecords(files, Cifar100RecordBytes, labelByte: kind == Cifar100LabelKind.Fine ? 1 : 0, name, classNames);

    /// <summary>
    /// Loads CIFAR-10 from <paramref name="dir"/> or its cifar-10-batches-bin subdirectory (as the archive unpacks).
    /// </summary>
    public static DatasetSplit LoadCifar10(string dir)
    {
        var root = ResolveRoot(dir, Cifar10Subdirectory, Cifar10TestFile);
        var expected = Cifar10TrainFiles.Append(Cifar10TestFile).ToArray();
        var train = Cifar10TrainFiles.Select(f => Require(root, f, "CIFAR-10", expected)).ToArray();
        var test = Require(root, Cifar10TestFile, "CIFAR-10", expected);
        var names = ReadNames(Path.Combine(root, Cifar10NamesFile), 10) ?? Cifar10ClassNames;
        return new DatasetSplit(ReadCifar10(train, "cifar10", names), ReadCifar10(new[] { test }, "cifar10/test", names));
    }

    /// <summary>
    /// Loads CIFAR-100 from <paramref name="dir"/> or its cifar-100-binary subdirectory. Class names come from
    /// fine_label_names.txt / coarse_label_names.txt when present, otherwise "fine_00".. / "coarse_00"...
    /// </summary>
    public static DatasetSplit LoadCifar100(string dir, Cifar100LabelKind kind = Cifar100LabelKind.Fine)
    {
        var root = ResolveRoot(dir, Cifar100Subdirectory, Cifar100TestFile);
        var expected = new[] { Cifar100TrainFile, Cifar100TestFile };
        var train = Require(root, Cifar100TrainFile, "CIFAR-100", expected);
        var test = Require(root, Cifar100TestFile, "CIFAR-100", expected);
        bool fine = kind == Cifar100LabelKind.Fine;
        int classes = fine ? 100 : 20;
        string prefix = fine ? "fine" : "coarse";
        var names = ReadNames(Path.Combine(root, fine ? Cifar100FineNamesFile : Cifar100CoarseNamesFile), classes)
                    ?? Enumerable.Range(0, classes).Select(i => $"{prefix}_{i.ToString("00", CultureInfo.InvariantCulture)}").ToArray();
        string name = fine ? "cifar100" : "cifar100-coarse";
        return new DatasetSplit(ReadCifar100(new[] { train }, kind, name, names), ReadCifar100(new[] { test }, kind, name + "/test", names));
    }

    static Dataset ReadRecords(IReadOnlyList<string> files, int recordBytes, int labelByte, string name, IReadOnlyList<string> classNames)
    {
        if (files.Count == 0) throw new ArgumentException($"Dataset '{name}': no CIFAR files given.");
        var contents = files.Select(DataFile.Read).ToArray();
        long records = 0;
        foreach (var file in contents)
        {
            int len = file.Content.Length;
            if (len == 0) throw file.Error(0, $"file is empty; expected records of {recordBytes} bytes.");
            if (len % recordBytes != 0)
                throw file.Error(len - len % recordBytes,
                    $"length {len} is not a multiple of the {recordBytes}-byte record; the last record, starting here, is truncated (or this is not a {(recordBytes == Cifar10RecordBytes ? "CIFAR-10" : "CIFAR-100")} binary file).");
            records += len / recordBytes;
        }
        var features = new float[checked(records * ImageBytes)];
        var labels = new int[records];
        long r = 0;
        foreach (var file in contents)
        {
            var b = file.Content;
            for (int off = 0; off < b.Length; off += recordBytes, r++)
            {
                int label = b[off + labelByte];
                if (label >= classNames.Count)
                    throw file.Error(off + labelByte, $"label {label} of record {off / recordBytes} is outside [0, {classNames.Count - 1}].");
                labels[r] = label;
                int pixels = off + recordBytes - ImageBytes;
                long dst = r * ImageBytes;
                for (int i = 0; i < ImageBytes; i++) features[dst + i] = b[pixels + i] / 255f;
            }
        }
        return new Dataset(name, features, labels, ImageShape, classNames);
    }

    static string ResolveRoot(string dir, string subdirectory, string probeFile)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dir);
        var nested = Path.Combine(dir, subdirectory);
        return !File.Exists(Path.Combine(dir, probeFile)) && File.Exists(Path.Combine(nested, probeFile)) ? nested : dir;
    }

    static string Require(string root, string file, string title, IReadOnlyList<string> expected)
    {
        var p = Path.Combine(root, file);
        if (File.Exists(p)) return p;
        string where = Directory.Exists(root) ? $"'{p}' is missing" : $"directory '{root}' does not exist";
        throw new FileNotFoundException(
            $"{title}: {where}. Expected the binary version's files {string.Join(", ", expected)} in --data DIR (or in its subdirectory as unpacked from the archive at https://www.cs.toronto.edu/~kriz/cifar.html).", p);
    }

    /// <summary>Non-empty trimmed lines of a names file, or null when it is absent; a wrong count is an error.</summary>
    static IReadOnlyList<string>? ReadNames(string path, int expectedCount)
    {
        if (!File.Exists(path)) return null;
        var names = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        if (names.Length != expectedCount)
            throw new InvalidDataException($"'{path}' at byte offset 0: has {names.Length} non-empty lines, expected {expectedCount} class names.");
        return names;
    }
}
