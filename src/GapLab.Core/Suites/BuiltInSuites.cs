namespace GapLab.Suites;

/// <summary>Named populations shipped with GapLab (<c>gaplab run --suite NAME</c>).</summary>
public static class BuiltInSuites
{
    /// <summary>The main job: MLP and CNN at three widths x two seeds on the embedded Fashion-MNIST subset.</summary>
    public static SuiteSpec Default { get; } = new()
    {
        Name = "default",
        Description = "mlp (2x64..2x1024) and 2-block batch-norm cnn (4..16 base channels) x 2 seeds, 3 epochs of SGD on the embedded Fashion-MNIST subset (12k/2k)",
        Dataset = "fashion-mnist-embedded",
        Models = new[] { "mlp:width=64", "mlp:width=256", "mlp:width=1024", "cnn:blocks=2,bn=true,width=0.125", "cnn:blocks=2,bn=true,width=0.25", "cnn:blocks=2,bn=true,width=0.5" },
        Seeds = new[] { 0, 1 },
        Epochs = 3,
        BatchSize = 128,
        Optimizer = "sgd",
        LearningRate = 0.05,
        Momentum = 0.9,
    };

    /// <summary>A seconds-long population for tests and first contact.</summary>
    public static SuiteSpec Smoke { get; } = new()
    {
        Name = "smoke",
        Description = "two tiny MLPs x 1 seed, 2 epochs on 1,000 embedded training images",
        Dataset = "fashion-mnist-embedded",
        Models = new[] { "mlp:depth=1,width=32", "mlp:depth=1,width=128" },
        Seeds = new[] { 0 },
        TrainSize = 1000,
        Epochs = 2,
        BatchSize = 64,
        LearningRate = 0.05,
    };

    /// <summary>Model-wise double descent: one-hidden-layer MLPs from 4 to 2048 units, long training, 20% label noise.</summary>
    public static SuiteSpec Widths { get; } = new()
    {
        Name = "widths",
        Description = "one-hidden-layer MLP widths 4..2048 on 2,000 images with 20% label noise, 30 epochs (double descent)",
        Dataset = "fashion-mnist-embedded",
        Models = new[] { 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048 }.Select(w => $"mlp:depth=1,width={w}").ToArray(),
        Seeds = new[] { 0 },
        TrainSize = 2000,
        LabelNoise = 0.2,
        Epochs = 30,
        BatchSize = 128,
        Optimizer = "adamw",
        LearningRate = 0.001,
    };

    /// <summary>
    /// A PGDL-style population for theory-vs-practice correlation: VGG-like CNNs varying depth (blocks), width and
    /// dropout, crossed with weight decay and batch size, 2 seeds (64 runs; about 10-20 minutes on 2 CPU cores).
    /// </summary>
    public static SuiteSpec Pgdl { get; } = new()
    {
        Name = "pgdl",
        Description = "VGG-like cnn: blocks {2,3} x width {0.125,0.25} x dropout {0,0.25} x weight decay {0,5e-4} x batch {64,128} x 2 seeds, 5 epochs on 2,000 embedded images",
        Dataset = "fashion-mnist-embedded",
        Models = (from blocks in new[] { 2, 3 }
                  from width in new[] { "0.125", "0.25" }
                  from dropout in new[] { "0", "0.25" }
                  select $"cnn:blocks={blocks},bn=true,dropout={dropout},width={width}").ToArray(),
        Seeds = new[] { 0, 1 },
        TrainSize = 2000,
        Epochs = 5,
        BatchSize = 128,
        Optimizer = "sgd",
        LearningRate = 0.05,
        Momentum = 0.9,
        Grid = new Dictionary<string, IReadOnlyList<System.Text.Json.JsonElement>>
        {
            ["weight_decay"] = new[] { System.Text.Json.JsonSerializer.SerializeToElement(0.0), System.Text.Json.JsonSerializer.SerializeToElement(0.0005) },
            ["batch_size"] = new[] { System.Text.Json.JsonSerializer.SerializeToElement(64), System.Text.Json.JsonSerializer.SerializeToElement(128) },
        },
    };

    /// <summary>
    /// A population for Dziugaite et al.'s robust sign error: 6 seeds per configuration, so an environment (two configurations
    /// differing in one hyperparameter) couples 36 runs, and hyperparameters that move the gap by more than the test-set noise the
    /// ESS &gt;= 12 filter discards (|gap difference| &gt; 0.044 for 2,000 test images): training-set size and epochs; width moves it
    /// little, so its environments show what the filter drops. MLP width {64,512} x train size {250,2000} x epochs {5,30}
    /// (8 configurations, 48 runs; a few minutes on 2 CPU cores).
    /// </summary>
    public static SuiteSpec PgdlSeeds { get; } = new()
    {
        Name = "pgdl-seeds",
        Description = "mlp: width {64,512} x train size {250,2000} x epochs {5,30} x 6 seeds, SGD on embedded Fashion-MNIST images",
        Dataset = "fashion-mnist-embedded",
        Models = new[] { "mlp:depth=1,width=64", "mlp:depth=1,width=512" },
        Seeds = new[] { 0, 1, 2, 3, 4, 5 },
        Epochs = 5,
        BatchSize = 64,
        Optimizer = "sgd",
        LearningRate = 0.05,
        Momentum = 0.9,
        Grid = new Dictionary<string, IReadOnlyList<System.Text.Json.JsonElement>>
        {
            ["train_size"] = new[] { System.Text.Json.JsonSerializer.SerializeToElement(250), System.Text.Json.JsonSerializer.SerializeToElement(2000) },
            ["epochs"] = new[] { System.Text.Json.JsonSerializer.SerializeToElement(5), System.Text.Json.JsonSerializer.SerializeToElement(30) },
        },
    };

    public static IReadOnlyList<SuiteSpec> All { get; } = new[] { Default, Smoke, Widths, Pgdl, PgdlSeeds };

    /// <summary>A built-in suite by name, or a JSON file path. Unknown names list the accepted ones.</summary>
    public static SuiteSpec Resolve(string nameOrPath)
    {
        var builtIn = All.FirstOrDefault(s => string.Equals(s.Name, nameOrPath, StringComparison.OrdinalIgnoreCase));
        if (builtIn is not null) return builtIn;
        if (File.Exists(nameOrPath)) return SuiteSpec.FromJson(File.ReadAllText(nameOrPath), nameOrPath);
        if (nameOrPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            throw new FileNotFoundException($"Suite file '{nameOrPath}' does not exist.", nameOrPath);
        throw new ArgumentException($"Unknown suite '{nameOrPath}': use one of {string.Join(", ", All.Select(s => s.Name))} or a path to a suite JSON file.");
    }
}
