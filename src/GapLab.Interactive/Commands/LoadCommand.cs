using GapLab.Data;
using GapLab.Interactive.Magic;

namespace GapLab.Interactive.Commands;

/// <summary>
/// <c>#!gaplab load --dataset NAME [--data DIR] [--train-size N] [--test-size N] [--seed N] --as VAR</c>: loads a
/// <see cref="DatasetSplit"/> from <see cref="DatasetCatalog"/>, optionally cut to class-balanced subsamples for quick runs.
/// </summary>
public static class LoadCommand
{
    public static MagicCommandDescriptor Descriptor { get; } = new(
        "load",
        "Loads a dataset (train/test split) by name, optionally subsampled (class-balanced) for quick experiments.",
        [
            MagicParameterDescriptor.Choice("--dataset", "Dataset name from the catalog.", DatasetCatalog.Names.Select(e => e.Name).ToArray(),
                defaultValue: EmbeddedFashionMnist.Name),
            new("--data", "Folder with the dataset's files (needed by some datasets, e.g. mnist)."),
            new("--train-size", "Keep a class-balanced subsample of this many training images (default: all).", Kind: MagicParameterKind.Integer),
            new("--test-size", "Keep a class-balanced subsample of this many test images (default: all).", Kind: MagicParameterKind.Integer),
            new("--seed", "Seed of the subsamples.", DefaultValue: "0", Kind: MagicParameterKind.Integer),
            MagicParameterDescriptor.As("the DatasetSplit"),
        ]);

    public static Task<object?> HandleAsync(MagicArguments args, IMagicContext context)
    {
        var split = DatasetCatalog.Load(args.GetRequiredString("--dataset"), args.GetString("--data"));
        int seed = checked((int)(args.GetInt64("--seed") ?? 0));
        var train = Cut(split.Train, args.GetInt64("--train-size"), "--train-size", seed);
        var test = Cut(split.Test, args.GetInt64("--test-size"), "--test-size", seed);
        return Task.FromResult<object?>(ReferenceEquals(train, split.Train) && ReferenceEquals(test, split.Test) ? split : new DatasetSplit(train, test));
    }

    static Dataset Cut(Dataset d, long? size, string parameter, int seed)
    {
        if (size is not long n || n == d.Count) return d;
        if (n < d.NumClasses || n > d.Count)
            throw new ArgumentException($"{parameter} {n} is out of range: use {d.NumClasses} (one per class) to {d.Count} (all of '{d.Name}').");
        return Subsample.Stratified(d, (int)n, seed);
    }
}
