namespace GapLab.Testbed;

/// <summary>Named testbed configurations (<c>gaplab testbed --config NAME</c>).</summary>
public static class BuiltInTestbeds
{
    /// <summary>
    /// CPU default: 3 batch-norm CNN widths x 5 SSIM levels x 4 unseen counts = 60 cells on the embedded Fashion-MNIST subset; backbones on
    /// classes 0-4 (T-shirt, trouser, pullover, dress, coat), unseen order 5-9 (sandal, shirt, sneaker, bag, ankle boot), k = 0, 1, 3, 5
    /// (zero-shot fraction 0 to 0.5 as in the paper). Calibrated distortion.
    /// </summary>
    public static TestbedConfig FashionMnist { get; } = new()
    {
        Name = "fashion-mnist",
        Description = "3 cnn widths x SSIM {0.6..1.0} x k {0,1,3,5} unseen of 5; backbone on 5 seen Fashion-MNIST classes (embedded subset), linear probes, calibrated distortion",
        Dataset = "fashion-mnist-embedded",
        SeenClasses = [0, 1, 2, 3, 4],
        UnseenOrder = [5, 6, 7, 8, 9],
        UnseenCounts = [0, 1, 3, 5],
        SsimLevels = [0.6, 0.7, 0.8, 0.9, 1.0],
        Models = ["cnn:blocks=2,bn=true,width=0.125", "cnn:blocks=2,bn=true,width=0.25", "cnn:blocks=2,bn=true,width=0.5"],
        TrainPerClass = 600,
        TestPerClass = 200,
        Epochs = 3,
        BatchSize = 128,
        Optimizer = "sgd",
        LearningRate = 0.05,
        Momentum = 0.9,
        ProbeEpochs = 10,
        ProbeLearningRate = 0.01,
        Route = DistortionRoute.Calibrated,
    };

    /// <summary>
    /// The paper's CIFAR-100 layout (spec 1.2-1.4) with GapLab's CIFAR ResNets as the size axis: classes 0-49 seen, 50-99 in order, k = 0..50
    /// step 10, nine SSIM levels 0.60-1.00, autoencoder distortion. Needs <c>--data DIR</c> with the CIFAR-100 binaries; meant for a GPU.
    /// </summary>
    public static TestbedConfig Cifar100 { get; } = new()
    {
        Name = "cifar100",
        Description = "paper layout: 50 seen CIFAR-100 classes, k {0..50 step 10}, SSIM {0.60..1.00 step 0.05}, 4 resnet depths, autoencoder distortion (GPU)",
        Dataset = "cifar100",
        SeenClasses = Enumerable.Range(0, 50).ToArray(),
        UnseenOrder = Enumerable.Range(50, 50).ToArray(),
        UnseenCounts = [0, 10, 20, 30, 40, 50],
        SsimLevels = [0.60, 0.65, 0.70, 0.75, 0.80, 0.85, 0.90, 0.95, 1.00],
        Models = ["resnet:depth=8", "resnet:depth=14", "resnet:depth=20", "resnet:depth=32"],
        Epochs = 30,
        BatchSize = 128,
        Optimizer = "sgd",
        LearningRate = 0.05,
        Momentum = 0.9,
        WeightDecay = 5e-4,
        ProbeEpochs = 10,
        ProbeLearningRate = 0.001,
        Route = DistortionRoute.Autoencoder,
        AutoencoderEpochs = 30,
    };

    public static IReadOnlyList<TestbedConfig> All { get; } = [FashionMnist, Cifar100];

    /// <summary>A built-in configuration by name, or a JSON file. Unknown names list the accepted ones.</summary>
    public static TestbedConfig Resolve(string nameOrPath)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        var builtIn = All.FirstOrDefault(c => string.Equals(c.Name, nameOrPath, StringComparison.OrdinalIgnoreCase));
        if (builtIn is not null) return builtIn;
        if (File.Exists(nameOrPath)) return TestbedConfig.FromJson(File.ReadAllText(nameOrPath), nameOrPath);
        if (nameOrPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            throw new FileNotFoundException($"Testbed file '{nameOrPath}' does not exist.", nameOrPath);
        throw new ArgumentException($"Unknown testbed configuration '{nameOrPath}': use {string.Join(" or ", All.Select(c => c.Name))}, or a JSON file.");
    }
}
