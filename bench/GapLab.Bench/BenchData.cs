using GapLab.Data;

namespace GapLab.Bench;

/// <summary>The benchmark inputs: seeded synthetic 1x28x28 images in [0, 1) with uniform labels, or the embedded Fashion-MNIST subset.</summary>
public static class BenchData
{
    public static readonly string[] ClassNames = Enumerable.Range(0, 10).Select(i => $"class{i}").ToArray();

    /// <summary>The first <paramref name="count"/> training images of <paramref name="kind"/> (synthetic | fashion).</summary>
    public static Dataset Train(string kind, int count) => kind switch
    {
        "synthetic" => Synthetic(count, seed: 1),
        "fashion" => Take(EmbeddedFashionMnist.Load().Train, count),
        _ => throw new ArgumentException($"unknown data '{kind}'; use synthetic or fashion."),
    };

    /// <summary>A small test set (the run's final evaluation pass is not part of the timed steps).</summary>
    public static Dataset Test(string kind) => kind == "synthetic" ? Synthetic(256, seed: 2) : Take(EmbeddedFashionMnist.Load().Test, 256);

    static Dataset Take(Dataset d, int count)
    {
        if (count > d.Count) throw new ArgumentException($"{d.Name} has {d.Count} images, {count} asked for; use fewer steps or a smaller batch.");
        return d.Subset(Enumerable.Range(0, count).ToArray());
    }

    static Dataset Synthetic(int count, int seed)
    {
        var rng = new Random(seed);
        var x = new float[count * 28 * 28];
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextSingle();
        var y = new int[count];
        for (int i = 0; i < y.Length; i++) y[i] = rng.Next(10);
        return new Dataset("synthetic-28x28", x, y, [1, 28, 28], ClassNames);
    }
}
