using System.Globalization;

namespace GapLab.Suites;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/> (1-based, <c>--shard i/N</c>): run k of <see cref="SuiteSpec.Expand"/>
/// belongs to shard (k mod N) + 1, so the N shards partition a suite deterministically and each can run on its own
/// machine (a Slurm array task) writing its own store folder <see cref="FolderName"/>.
/// </summary>
public sealed record SuiteShard
{
    public SuiteShard(int index, int count)
    {
        if (count < 1 || index < 1 || index > count)
            throw new ArgumentException($"--shard must be i/N with 1 <= i <= N, got {index}/{count}.");
        Index = index;
        Count = count;
    }

    public int Index { get; }
    public int Count { get; }

    /// <summary>The store folder of this shard under the output folder: <c>shard-i-of-N</c>.</summary>
    public string FolderName => string.Create(CultureInfo.InvariantCulture, $"shard-{Index}-of-{Count}");

    /// <summary>Parses <c>i/N</c>; anything else is an <see cref="ArgumentException"/> quoting the text and the accepted form.</summary>
    public static SuiteShard Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            || !int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            || n < 1 || i < 1 || i > n)
            throw new ArgumentException($"--shard must be i/N with 1 <= i <= N, got '{text}'.");
        return new SuiteShard(i, n);
    }

    /// <summary>Whether run number <paramref name="runIndex"/> (0-based, in Expand() order) belongs to this shard.</summary>
    public bool Contains(int runIndex) => runIndex % Count + 1 == Index;

    /// <summary>The runs of this shard, in their Expand() order.</summary>
    public IReadOnlyList<SuiteRun> Select(IReadOnlyList<SuiteRun> runs) => runs.Where((_, k) => Contains(k)).ToList();

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
