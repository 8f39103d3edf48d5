namespace GapLab.Data;

/// <summary>One dataset name the catalog accepts, with a one-line description.</summary>
public sealed record DatasetCatalogEntry(string Name, string Description, bool NeedsDirectory);

/// <summary>Resolves a dataset name (and, for files on disk, a directory) to a <see cref="DatasetSplit"/>.</summary>
public static class DatasetCatalog
{
    public const string DefaultName = EmbeddedFashionMnist.Name;

    public static readonly IReadOnlyList<DatasetCatalogEntry> Names = new DatasetCatalogEntry[]
    {
        new(EmbeddedFashionMnist.Name, "Fashion-MNIST subset shipped with GapLab: 1,200/200 train/test images per class (default).", false),
        new(FashionMnist.Name, $"Full Fashion-MNIST 60,000/10,000 from --data DIR or {FashionMnist.DefaultDirectory} (apt-get install dataset-fashion-mnist).", false),
        new(Mnist.Name, "MNIST digits 60,000/10,000 from --data DIR (IDX files, raw or .gz).", true),
        new("cifar10", "CIFAR-10 binary version 50,000/10,000 from --data DIR (data_batch_1..5.bin, test_batch.bin).", true),
        new("cifar100", "CIFAR-100 binary version, 100 fine classes, from --data DIR (train.bin, test.bin).", true),
        new("cifar100-coarse", "CIFAR-100 binary version, 20 coarse superclasses, from --data DIR (train.bin, test.bin).", true),
        new("gaussian-mixture", "Synthetic: 4 Gaussian classes in 10-D, separation 3, 2,000/1,000 samples, seed 0.", false),
        new("two-spirals", "Synthetic: two interleaved 2-D spirals, noise 0.05, 2,000/1,000 samples, seed 0.", false),
    };

    /// <summary>
    /// Loads <paramref name="name"/> (case-insensitive; null or empty means <see cref="DefaultName"/>). Unknown names throw
    /// <see cref="ArgumentException"/> listing the accepted ones; missing files throw <see cref="FileNotFoundException"/>.
    /// </summary>
    public static DatasetSplit Resolve(string? name, string? directory = null)
    {
        string key = string.IsNullOrWhiteSpace(name) ? DefaultName : name.Trim().ToLowerInvariant();
        var entry = Names.FirstOrDefault(e => e.Name == key)
                    ?? throw new ArgumentException($"Unknown dataset '{name}'. Accepted: {string.Join(", ", Names.Select(e => e.Name))}.", nameof(name));
        if (entry.NeedsDirectory && string.IsNullOrWhiteSpace(directory))
            throw new ArgumentException($"Dataset '{entry.Name}' is read from disk: pass --data DIR. {entry.Description}", nameof(directory));
        string dir = directory ?? "";
        return entry.Name switch
        {
            EmbeddedFashionMnist.Name => EmbeddedFashionMnist.Load(),
            FashionMnist.Name => FashionMnist.Load(string.IsNullOrWhiteSpace(directory) ? null : directory),
            Mnist.Name => Mnist.Load(dir),
            "cifar10" => CifarReader.LoadCifar10(dir),
            "cifar100" => CifarReader.LoadCifar100(dir, Cifar100LabelKind.Fine),
            "cifar100-coarse" => CifarReader.LoadCifar100(dir, Cifar100LabelKind.Coarse),
            "gaussian-mixture" => SyntheticDatasets.GaussianMixture(4, 10, 2000, 1000, separation: 3, labelNoise: 0, seed: 0),
            "two-spirals" => SyntheticDatasets.TwoSpirals(2000, 1000, noise: 0.05, labelNoise: 0, seed: 0),
            _ => throw new InvalidOperationException($"Catalog entry '{entry.Name}' has no loader."),
        };
    }
}
