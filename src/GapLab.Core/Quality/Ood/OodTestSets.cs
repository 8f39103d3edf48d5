using GapLab.Data;

namespace GapLab.Quality;

/// <summary>
/// Resolves the names of shifted test sets for the OOD-robustness dimension: a built-in domain shift of the clean test set
/// (<see cref="DomainShift"/>, e.g. <c>shift:rotate=30</c>), a <see cref="DatasetCatalog"/> name (its test split), or a folder holding
/// a test split as <c>--data</c> accepts it (IDX t10k-images/labels-idx, CIFAR-10 test_batch.bin, CIFAR-100 test.bin).
/// Sample shape and class count must match the clean test set.
/// </summary>
public static class OodTestSets
{
    /// <summary>
    /// The test set named <paramref name="name"/>; <paramref name="maxSamples"/> &gt; 0 draws a class-balanced subsample of that size
    /// (seeded by <paramref name="seed"/>), like <c>--test-size</c> does for the clean set.
    /// </summary>
    public static Dataset Resolve(string name, Dataset clean, int maxSamples = 0, int seed = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(clean);
        name = name.Trim();
        Dataset set;
        if (DomainShift.IsShift(name))
        {
            var canonical = DomainShift.Validate(name);
            if (!clean.IsImage) throw new ArgumentException($"OOD set '{name}': domain shifts need image data [C,H,W]; '{clean.Name}' has samples [{string.Join(",", clean.SampleShape)}].");
            TorchSharp.torch.Tensor x, y;
            (x, y) = clean.ToTensors();
            using (x) using (y)
            using (var shifted = DomainShift.Apply(canonical, x))
                set = new Dataset(canonical, shifted.data<float>().ToArray(), clean.Labels, clean.SampleShape, clean.ClassNames);
            return Limit(set, canonical, maxSamples, seed);
        }
        if (DatasetCatalog.Names.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase)) is { } entry)
        {
            if (entry.NeedsDirectory)
                throw new ArgumentException($"OOD set '{name}' is read from a folder: name the folder itself (e.g. --ood /data/{entry.Name}), which must hold its test split.");
            set = DatasetCatalog.Load(name).Test;
        }
        else if (Directory.Exists(name))
            set = LoadFolder(name, clean);
        else
            throw new ArgumentException($"OOD set '{name}' is neither a domain shift ({string.Join(", ", DomainShift.Forms)}), a dataset name " +
                $"({string.Join(", ", DatasetCatalog.Names.Select(e => e.Name))}) nor an existing folder.");
        if (!set.SampleShape.SequenceEqual(clean.SampleShape))
            throw new ArgumentException($"OOD set '{name}' has samples [{string.Join(",", set.SampleShape)}] but the model's test set '{clean.Name}' has [{string.Join(",", clean.SampleShape)}]; they must match.");
        if (set.NumClasses != clean.NumClasses)
            throw new ArgumentException($"OOD set '{name}' has {set.NumClasses} classes but the model's test set '{clean.Name}' has {clean.NumClasses}; they must match.");
        return Limit(set, name, maxSamples, seed);
    }

    /// <summary>A class-balanced subsample of at most <paramref name="maxSamples"/> (0 = all), named <paramref name="name"/>.</summary>
    static Dataset Limit(Dataset set, string name, int maxSamples, int seed)
    {
        if (maxSamples > 0 && maxSamples < set.Count) set = Subsample.Stratified(set, maxSamples, seed);
        return new Dataset(name, set.Features, set.Labels, set.SampleShape, set.ClassNames);
    }

    /// <summary>The test split in a folder: IDX (t10k-*), CIFAR-10 (test_batch.bin) or CIFAR-100 (test.bin), also in the archives' subfolders.</summary>
    static Dataset LoadFolder(string dir, Dataset clean)
    {
        string? Find(params string[] candidates) => candidates.Select(c => Path.Combine(dir, c)).FirstOrDefault(File.Exists);
        var idxImages = Find("t10k-images-idx3-ubyte", "t10k-images-idx3-ubyte.gz");
        var idxLabels = Find("t10k-labels-idx1-ubyte", "t10k-labels-idx1-ubyte.gz");
        if (idxImages is not null && idxLabels is not null)
            return IdxReader.ReadDataset(idxImages, idxLabels, dir, clean.ClassNames);
        var cifar10 = Find(CifarReader.Cifar10TestFile, Path.Combine(CifarReader.Cifar10Subdirectory, CifarReader.Cifar10TestFile));
        if (cifar10 is not null) return CifarReader.ReadCifar10(new[] { cifar10 }, dir, CifarReader.Cifar10ClassNames);
        var cifar100 = Find(CifarReader.Cifar100TestFile, Path.Combine(CifarReader.Cifar100Subdirectory, CifarReader.Cifar100TestFile));
        if (cifar100 is not null)
        {
            bool coarse = clean.NumClasses == CifarReader.Cifar100CoarseClasses;
            int k = coarse ? CifarReader.Cifar100CoarseClasses : CifarReader.Cifar100FineClasses;
            return CifarReader.ReadCifar100(new[] { cifar100 }, coarse, dir, Enumerable.Range(0, k).Select(i => $"class_{i}").ToArray());
        }
        throw new FileNotFoundException($"OOD folder '{dir}' holds no test split: expected t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (raw or .gz), " +
            $"CIFAR-10's {CifarReader.Cifar10TestFile} or CIFAR-100's {CifarReader.Cifar100TestFile}.");
    }
}
