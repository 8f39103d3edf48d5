namespace GapLab.Data;

/// <summary>
/// The four-file directory layout shared by MNIST and Fashion-MNIST: train-images-idx3-ubyte, train-labels-idx1-ubyte,
/// t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, each either raw or with a .gz suffix.
/// </summary>
public static class MnistLayout
{
    public const string TrainImages = "train-images-idx3-ubyte";
    public const string TrainLabels = "train-labels-idx1-ubyte";
    public const string TestImages = "t10k-images-idx3-ubyte";
    public const string TestLabels = "t10k-labels-idx1-ubyte";
    public static readonly IReadOnlyList<string> FileNames = new[] { TrainImages, TrainLabels, TestImages, TestLabels };

    /// <summary>
    /// The path of <paramref name="baseName"/> or <paramref name="baseName"/>.gz in <paramref name="dir"/> (raw first).
    /// Throws <see cref="FileNotFoundException"/> listing all expected files and <paramref name="howToGet"/>.
    /// </summary>
    public static string Locate(string dir, string baseName, string datasetTitle, string howToGet)
    {
        foreach (var candidate in new[] { baseName, baseName + ".gz" })
        {
            var p = Path.Combine(dir, candidate);
            if (File.Exists(p)) return p;
        }
        string where = Directory.Exists(dir) ? $"directory '{dir}' has neither {baseName} nor {baseName}.gz" : $"directory '{dir}' does not exist";
        throw new FileNotFoundException(
            $"{datasetTitle}: {where}. Expected files (each raw or .gz): {string.Join(", ", FileNames)}. {howToGet}",
            Path.Combine(dir, baseName + ".gz"));
    }

    /// <summary>Loads train (60k) and t10k (10k) from <paramref name="dir"/>; datasets are named <paramref name="name"/> and <paramref name="name"/>/test.</summary>
    public static DatasetSplit Load(string dir, string name, IReadOnlyList<string> classNames, string datasetTitle, string howToGet)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dir);
        var paths = FileNames.Select(f => Locate(dir, f, datasetTitle, howToGet)).ToArray();
        var train = IdxReader.ReadDataset(paths[0], paths[1], name, classNames);
        var test = IdxReader.ReadDataset(paths[2], paths[3], name + "/test", classNames);
        return new DatasetSplit(train, test);
    }
}
