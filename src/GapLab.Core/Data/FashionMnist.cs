namespace GapLab.Data;

/// <summary>
/// Fashion-MNIST (Xiao, Rasul &amp; Vollgraf 2017; MIT, (c) Zalando SE): 60,000 train / 10,000 test 28x28 grayscale images
/// of 10 clothing classes, as IDX files. Default folder: Debian's <c>dataset-fashion-mnist</c> package.
/// </summary>
public static class FashionMnist
{
    public const string DebianDirectory = "/usr/share/datasets/fashion-mnist";

    public static IReadOnlyList<string> ClassNames { get; } = new[]
    {
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    };

    /// <summary>Loads the four IDX files (raw or .gz) from <paramref name="dir"/> (default: the Debian package path).</summary>
    public static DatasetSplit Load(string? dir = null) =>
        MnistFormat.LoadSplit(dir ?? DebianDirectory, "fashion-mnist", ClassNames,
            dir is null ? "install Debian's package (apt-get install dataset-fashion-mnist) or pass --data DIR" : "pass the folder that holds them with --data DIR");
}

/// <summary>MNIST handwritten digits (LeCun et al.) from IDX files in a folder the user names.</summary>
public static class Mnist
{
    public static IReadOnlyList<string> ClassNames { get; } = Enumerable.Range(0, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    public static DatasetSplit Load(string dir) => MnistFormat.LoadSplit(dir, "mnist", ClassNames, "pass the folder that holds them with --data DIR");
}

/// <summary>The shared MNIST-style file layout: train-/t10k- images-idx3-ubyte and labels-idx1-ubyte, optionally .gz.</summary>
internal static class MnistFormat
{
    public static DatasetSplit LoadSplit(string dir, string name, IReadOnlyList<string> classNames, string hint)
    {
        string Find(string stem)
        {
            foreach (var candidate in new[] { stem, stem + ".gz" })
            {
                var p = Path.Combine(dir, candidate);
                if (File.Exists(p)) return p;
            }
            throw new FileNotFoundException(
                $"{name}: {Path.Combine(dir, stem)}[.gz] not found. Expected train-images-idx3-ubyte, train-labels-idx1-ubyte, " +
                $"t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (raw or .gz) in {dir}; {hint}.");
        }
        var train = IdxReader.ReadDataset(Find("train-images-idx3-ubyte"), Find("train-labels-idx1-ubyte"), name, classNames);
        var test = IdxReader.ReadDataset(Find("t10k-images-idx3-ubyte"), Find("t10k-labels-idx1-ubyte"), name + "-test", classNames);
        return new DatasetSplit(train, test);
    }
}
