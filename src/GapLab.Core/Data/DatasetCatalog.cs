namespace GapLab.Data;

/// <summary>Resolves a dataset name (and optional folder) to a train/test split; <see cref="Names"/> lists what is known.</summary>
public static class DatasetCatalog
{
    /// <summary>A known dataset: its name, what it is, and whether it needs <c>--data DIR</c>.</summary>
    public sealed record Entry(string Name, string Description, bool NeedsDirectory, Func<string?, DatasetSplit> Load);

    public static IReadOnlyList<Entry> Names { get; } = new Entry[]
    {
        new(EmbeddedFashionMnist.Name, "Fashion-MNIST subset shipped with GapLab: 12,000 train / 2,000 test, class-balanced", false, _ => EmbeddedFashionMnist.Load()),
        new("fashion-mnist", $"full Fashion-MNIST (60,000 / 10,000) from --data DIR or {FashionMnist.DebianDirectory}", false, FashionMnist.Load),
        new("mnist", "MNIST digits from IDX files in --data DIR", true, d => Mnist.Load(d!)),
        new("cifar10", "CIFAR-10 binary version (data_batch_1..5.bin, test_batch.bin) in --data DIR", true, d => CifarReader.LoadCifar10(d!)),
        new("cifar100", "CIFAR-100 binary version (train.bin, test.bin), 100 fine labels, in --data DIR", true, d => CifarReader.LoadCifar100(d!, coarse: false)),
        new("cifar100-coarse", "CIFAR-100 binary version with its 20 coarse (superclass) labels, in --data DIR", true, d => CifarReader.LoadCifar100(d!, coarse: true)),
        new("two-spirals", "synthetic two spirals in 2-D, 600 train / 600 test, noise 0.1, seed 0", false, _ => SyntheticDatasets.TwoSpirals()),
        new("gaussian-mixture", "synthetic 3-class Gaussian mixture in 2-D, 600 train / 600 test, separation 3, seed 0", false, _ => SyntheticDatasets.GaussianMixture()),
    };

    /// <summary>Loads <paramref name="name"/>; unknown names and missing folders get a message listing what is accepted.</summary>
    public static DatasetSplit Load(string name, string? dir = null)
    {
        var entry = Names.FirstOrDefault(e => string.Equals(e.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"Unknown dataset '{name}': use one of {string.Join(", ", Names.Select(e => e.Name))}.");
        if (entry.NeedsDirectory && string.IsNullOrEmpty(dir))
            throw new ArgumentException($"Dataset '{entry.Name}' needs --data DIR: {entry.Description}.");
        if (!string.IsNullOrEmpty(dir) && !Directory.Exists(dir))
            throw new DirectoryNotFoundException($"Data folder '{dir}' does not exist.");
        return entry.Load(string.IsNullOrEmpty(dir) ? null : dir);
    }
}
