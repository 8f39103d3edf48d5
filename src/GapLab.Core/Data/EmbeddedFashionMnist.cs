using System.Reflection;

namespace GapLab.Data;

/// <summary>
/// The embedded default dataset "fashion-mnist-embedded": a class-balanced Fashion-MNIST subset shipped inside GapLab.Core.
/// Rule (deterministic): the first 1,200 images of each class in the original train-file order (12,000) and the first
/// 200 of each class in the t10k-file order (2,000), order preserved, from Debian's <c>dataset-fashion-mnist</c>.
/// Regenerate with <see cref="CreateSubset"/>; the files and their SHA-256 are listed in Data/Embedded/README.md.
/// </summary>
public static class EmbeddedFashionMnist
{
    public const string Name = "fashion-mnist-embedded";
    public const int TrainPerClass = 1200, TestPerClass = 200;
    static readonly string[] Files = { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" };
    static readonly Lazy<DatasetSplit> Cached = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The embedded split (decoded once per process; datasets are immutable by convention).</summary>
    public static DatasetSplit Load() => Cached.Value;

    static DatasetSplit LoadEmbedded()
    {
        var asm = typeof(EmbeddedFashionMnist).Assembly;
        byte[] Resource(string file)
        {
            var name = "GapLab.Data.Embedded." + file;
            using var s = asm.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"Embedded resource {name} is missing from {asm.GetName().Name}; rebuild GapLab.Core.");
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            return IdxReader.Decode(ms.ToArray(), "embedded:" + file);
        }
        Dataset Make(string images, string labels, string name)
        {
            var img = IdxReader.Parse(Resource(images), "embedded:" + images, IdxReader.ImagesMagic);
            var lab = IdxReader.Parse(Resource(labels), "embedded:" + labels, IdxReader.LabelsMagic);
            return new Dataset(name, IdxReader.ToUnitRange(img.Data), lab.Data.Select(b => (int)b).ToArray(), new[] { 1, img.Dimensions[1], img.Dimensions[2] }, FashionMnist.ClassNames);
        }
        return new DatasetSplit(Make(Files[0], Files[1], Name), Make(Files[2], Files[3], Name + "-test"));
    }

    /// <summary>Writes the subset (first <paramref name="trainPerClass"/>/<paramref name="testPerClass"/> per class, file order) as gzipped IDX.</summary>
    public static void CreateSubset(string sourceDir, string outDir, int trainPerClass = TrainPerClass, int testPerClass = TestPerClass)
    {
        string Src(string stem) => new[] { stem, stem + ".gz" }.Select(f => Path.Combine(sourceDir, f)).FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"{Path.Combine(sourceDir, stem)}[.gz] not found (install dataset-fashion-mnist).");
        void Take(string imagesStem, string labelsStem, int perClass)
        {
            var img = IdxReader.Read(Src(imagesStem), IdxReader.ImagesMagic);
            var lab = IdxReader.Read(Src(labelsStem), IdxReader.LabelsMagic);
            int h = img.Dimensions[1], w = img.Dimensions[2], size = h * w;
            var counts = new int[10];
            var keep = new List<int>();
            for (int i = 0; i < lab.Data.Length; i++)
                if (counts[lab.Data[i]] < perClass) { counts[lab.Data[i]]++; keep.Add(i); }
            if (counts.Any(c => c < perClass)) throw new InvalidDataException($"{sourceDir}: fewer than {perClass} images in some class.");
            var pixels = new byte[keep.Count * size];
            for (int k = 0; k < keep.Count; k++) Array.Copy(img.Data, keep[k] * size, pixels, k * size, size);
            IdxWriter.WriteImages(Path.Combine(outDir, imagesStem + ".gz"), pixels, keep.Count, h, w);
            IdxWriter.WriteLabels(Path.Combine(outDir, labelsStem + ".gz"), keep.Select(i => lab.Data[i]).ToArray());
        }
        Take("train-images-idx3-ubyte", "train-labels-idx1-ubyte", trainPerClass);
        Take("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", testPerClass);
    }
}
