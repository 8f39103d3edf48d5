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
