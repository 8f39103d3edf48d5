namespace GapLab.Benchmarking;

/// <summary>
/// Benchmarks that ship with GapLab, usable as <c>--from NAME</c>. <c>fashion-smoke</c>: the smoke suite's models on the embedded
/// Fashion-MNIST test set with two corruptions at every severity, one domain shift and FGSM/PGD at 2/255; re-run it with
/// <c>--data-shift shift:rotate=30</c> to see a regression.
/// </summary>
public static class BuiltInBenchmarks
{
    public static BenchmarkProtocol FashionSmoke { get; } = new()
    {
        Name = "fashion-smoke",
        Description = "smoke suite (two tiny MLPs) on the embedded Fashion-MNIST test set: clean, gaussian_noise and contrast at severities 1-5, translate by 4 px, FGSM and PGD at 2/255",
        Suite = "smoke",
        Dataset = "fashion-mnist-embedded",
        Corruptions = new[] { "gaussian_noise", "contrast" },
        Severities = new[] { 1, 2, 3, 4, 5 },
        OodShifts = new[] { "shift:translate=4" },
        AdversarialEpsilon = 2.0 / 255,
    };

    public static IReadOnlyList<BenchmarkProtocol> All { get; } = [FashionSmoke];

    /// <summary>A built-in protocol by name, or the protocol in the JSON file <paramref name="nameOrPath"/> (not yet validated).</summary>
    public static BenchmarkProtocol Resolve(string nameOrPath)
    {
        if (All.FirstOrDefault(b => b.Name == nameOrPath) is { } builtIn) return builtIn;
        if (File.Exists(nameOrPath)) return BenchmarkProtocol.FromJson(File.ReadAllText(nameOrPath), nameOrPath, validate: false);
        throw new FileNotFoundException($"--from: '{nameOrPath}' is neither a built-in benchmark ({string.Join(", ", All.Select(b => b.Name))}) nor a JSON file.", nameOrPath);
    }
}
