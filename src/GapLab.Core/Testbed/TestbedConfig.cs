using System.Text.Json;
using System.Text.Json.Serialization;
using GapLab.Models;

namespace GapLab.Testbed;

/// <summary>
/// A Huang et al. testbed (spec metrics.md 1.2-1.4): backbones (one per model spec, the size axis) trained on the seen classes; per k in
/// <see cref="UnseenCounts"/> a linear probe on the frozen penultimate features over the seen classes plus the first k of
/// <see cref="UnseenOrder"/>; evaluated on those classes' test images distorted to each of <see cref="SsimLevels"/>. JSON keys are snake_case
/// (e.g. <c>{ "models": ["cnn:blocks=2,bn=true,width=0.25"], "ssim_levels": [0.7, 1.0], "unseen_counts": [0, 5], "route": "calibrated" }</c>);
/// built-in configurations are in <see cref="BuiltInTestbeds"/>.
/// </summary>
public sealed record TestbedConfig
{
    public string Name { get; init; } = "custom";
    public string Description { get; init; } = "";
    public string Dataset { get; init; } = "fashion-mnist-embedded";
    public IReadOnlyList<int> SeenClasses { get; init; } = [0, 1, 2, 3, 4];
    public IReadOnlyList<int> UnseenOrder { get; init; } = [5, 6, 7, 8, 9];
    /// <summary>The k values (numbers of unseen classes) of the zero-shot axis.</summary>
    public IReadOnlyList<int> UnseenCounts { get; init; } = [0, 1, 3, 5];
    /// <summary>Target mean SSIM levels in (0, 1]; 1 = the original test images.</summary>
    public IReadOnlyList<double> SsimLevels { get; init; } = [0.6, 0.7, 0.8, 0.9, 1.0];
    /// <summary>Backbone specs (the model-size axis); each needs a Linear head and a distinct parameter count.</summary>
    public IReadOnlyList<string> Models { get; init; } = [];
    /// <summary>Class-balanced cap on training images per class (null = all).</summary>
    public int? TrainPerClass { get; init; }
    /// <summary>Class-balanced cap on test images per class (null = all).</summary>
    public int? TestPerClass { get; init; }
    public int Epochs { get; init; } = 3;
    public int BatchSize { get; init; } = 128;
    public string Optimizer { get; init; } = "sgd";
    public double LearningRate { get; init; } = 0.05;
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; }
    public int ProbeEpochs { get; init; } = 10;
    public int ProbeBatchSize { get; init; } = 128;
    /// <summary>AdamW learning rate of the probe (the reference uses 1e-4 with 1000-d logit features; our features are smaller).</summary>
    public double ProbeLearningRate { get; init; } = 0.01;
    public DistortionRoute Route { get; init; } = DistortionRoute.Calibrated;
    /// <summary>|achieved - target| allowed by the calibrated route; the autoencoder route keeps the first checkpoint above target - tolerance.</summary>
    public double SsimTolerance { get; init; } = 0.005;
    /// <summary>Training budget of the autoencoder route (epochs over its training images, <see cref="AutoencoderData"/>).</summary>
    public int AutoencoderEpochs { get; init; } = 20;
    /// <summary>
    /// Meet each SSIM target per cell: the test images of the seen + k classes are distorted to every level separately for each k, so a
    /// cell's own mean SSIM is the target (within the tolerance). Default false: one distortion per level over every test image, whose
    /// subsets (cells) then differ a little from the target (e.g. 0.614 for 0.6). Costs one distortion per (k, level).
    /// </summary>
    public bool SsimPerCell { get; init; }
    /// <summary>What the autoencoder route trains its autoencoder on (default the training images, never the test images it distorts).</summary>
    public AutoencoderData AutoencoderData { get; init; } = AutoencoderData.Train;
    public long Seed { get; init; }
    /// <summary>
    /// A backbone whose training diverged always stops the testbed, naming it. One whose seen-class test accuracy is within two
    /// standard errors of chance (1 / seen) stops it too when this is true; when false (default, so that quick demonstration configs
    /// still run) it is probed anyway, with a progress warning and the reason in its backbone record's status.
    /// </summary>
    public bool StopOnChanceBackbone { get; init; }
    public TradeOffOptions TradeOff { get; init; } = new();
    /// <summary>
    /// Complexity measures computed on every trained backbone (on its seen-class training images) for the sign-error table SE_g
    /// (Huang et al. 2025, Table 3): by default the three that table reports. Empty skips them. Names from the measure catalogue;
    /// measures that need a perturbation search or a training trace cost minutes each.
    /// </summary>
    public IReadOnlyList<string> Measures { get; init; } = TestbedSignErrors.Table3Measures;

    static readonly JsonSerializerOptions Json = WithEnumNames(GapLab.IO.JsonConfigReader.CreateOptions());

    static JsonSerializerOptions WithEnumNames(JsonSerializerOptions o)
    {
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        return o;
    }

    /// <summary>Options used for every testbed JSON file (snake_case, enums as strings).</summary>
    public static JsonSerializerOptions JsonOptions => Json;

    /// <summary>Parses and validates a configuration; <paramref name="source"/> names the file in error messages.</summary>
    public static TestbedConfig FromJson(string json, string source = "testbed")
    {
        return GapLab.IO.JsonConfigReader.Read<TestbedConfig>(json, source, "testbed", Json).Validate(source);
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Help text of both front ends' <c>--trade-off-method</c>.</summary>
    public const string TradeOffMethodHelp = "grid (trilinear grid search) or reference (Delaunay griddata + SLSQP, as the reference code); default: the configuration's trade_off.method, grid unless set.";

    /// <summary>
    /// This configuration with <c>trade_off.method</c> set from a front end's <c>--trade-off-method grid|reference</c> (case-insensitive);
    /// null keeps the configuration's own (grid unless its JSON says otherwise).
    /// </summary>
    public TestbedConfig WithTradeOffMethod(string? method)
    {
        if (method is null) return this;
        if (!Enum.TryParse<TradeOffMethod>(method, ignoreCase: true, out var m) || !Enum.IsDefined(m) || int.TryParse(method, out _))
            throw new ArgumentException($"--trade-off-method '{method}' is not accepted; use grid (trilinear grid search, the default) or reference (Delaunay griddata + SLSQP, as the reference code).");
        return this with { TradeOff = TradeOff with { Method = m } };
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad field, its value and what is accepted.</summary>
    public TestbedConfig Validate(string source = "testbed")
    {
        ArgumentException Bad(string key, string message) => new($"{source}: '{key}' {message}");
        if (Models is null || Models.Count == 0) throw Bad("models", "is empty; list at least one backbone spec such as \"cnn:blocks=2,bn=true,width=0.25\".");
        foreach (var m in Models)
        {
            try { _ = ModelRegistry.Canonicalize(m); }
            catch (ArgumentException e) { throw Bad("models", $"has an invalid spec '{m}': {e.Message}"); }
        }
        if (Models.Distinct().Count() != Models.Count) throw Bad("models", $"has duplicates: [{string.Join(", ", Models)}].");
        if (SeenClasses is null || SeenClasses.Count < 2) throw Bad("seen_classes", "needs at least 2 classes (the backbone is a classifier).");
        if (UnseenOrder is null) throw Bad("unseen_order", "is missing; give the unseen classes in the order they join the probe.");
        if (SeenClasses.Concat(UnseenOrder).Any(c => c < 0)) throw Bad("seen_classes", "and 'unseen_order' must hold class indices >= 0.");
        if (SeenClasses.Concat(UnseenOrder).Distinct().Count() != SeenClasses.Count + UnseenOrder.Count)
            throw Bad("unseen_order", $"must not repeat a class or share one with 'seen_classes' (seen [{string.Join(", ", SeenClasses)}], unseen [{string.Join(", ", UnseenOrder)}]).");
        if (UnseenCounts is null || UnseenCounts.Count == 0) throw Bad("unseen_counts", "is empty; give at least one k, e.g. [0, 1, 3, 5].");
        if (UnseenCounts.Any(k => k < 0 || k > UnseenOrder.Count) || UnseenCounts.Distinct().Count() != UnseenCounts.Count)
            throw Bad("unseen_counts", $"= [{string.Join(", ", UnseenCounts)}] must be distinct integers in [0, {UnseenOrder.Count}] (the length of 'unseen_order').");
        if (SsimLevels is null || SsimLevels.Count == 0) throw Bad("ssim_levels", "is empty; give at least one level in (0, 1].");
        if (SsimLevels.Any(s => !(s > 0 && s <= 1)) || SsimLevels.Distinct().Count() != SsimLevels.Count)
            throw Bad("ssim_levels", $"= [{string.Join(", ", SsimLevels)}] must be distinct values in (0, 1] (1 = original images).");
        if (TrainPerClass is < 1) throw Bad("train_per_class", $"must be >= 1 or omitted, got {TrainPerClass}.");
        if (TestPerClass is < 1) throw Bad("test_per_class", $"must be >= 1 or omitted, got {TestPerClass}.");
        if (Epochs < 1) throw Bad("epochs", $"must be >= 1, got {Epochs}.");
        if (ProbeEpochs < 1) throw Bad("probe_epochs", $"must be >= 1, got {ProbeEpochs}.");
        if (BatchSize < 1) throw Bad("batch_size", $"must be >= 1, got {BatchSize}.");
        if (ProbeBatchSize < 1) throw Bad("probe_batch_size", $"must be >= 1, got {ProbeBatchSize}.");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw Bad("learning_rate", $"must be a positive number, got {LearningRate}.");
        if (!(ProbeLearningRate > 0) || double.IsInfinity(ProbeLearningRate)) throw Bad("probe_learning_rate", $"must be a positive number, got {ProbeLearningRate}.");
        if (!Enum.IsDefined(Route)) throw Bad("route", $"= {Route} is invalid: accepted calibrated or autoencoder.");
        if (!(SsimTolerance > 0 && SsimTolerance < 1)) throw Bad("ssim_tolerance", $"must be in (0, 1), got {SsimTolerance}.");
        if (AutoencoderEpochs < 1) throw Bad("autoencoder_epochs", $"must be >= 1, got {AutoencoderEpochs}.");
        if (!Enum.IsDefined(AutoencoderData)) throw Bad("autoencoder_data", $"= {AutoencoderData} is invalid: accepted train or test.");
        if (Measures is null) throw Bad("measures", "is null; omit it for the defaults or give [] for none.");
        if (Measures.Count > 0)
        {
            try { _ = GapLab.Metrics.Complexity.MeasureCatalog.Select(string.Join(",", Measures)); }
            catch (ArgumentException e) { throw Bad("measures", e.Message); }
        }
        if (TradeOff is null) throw Bad("trade_off", "is null; omit it for the defaults.");
        try { TradeOff.Validate(); }
        catch (ArgumentException e) { throw Bad("trade_off", e.Message); }
        if (TradeOff.Method == TradeOffMethod.Reference && (SsimLevels.Distinct().Count() < 2 || UnseenCounts.Distinct().Count() < 2 || Models.Count < 2))
            throw Bad("trade_off", $"method reference needs at least two SSIM levels, two unseen counts and two models (a 3-D hull for Delaunay interpolation), got {SsimLevels.Count}, {UnseenCounts.Count} and {Models.Count}; use method grid.");
        try
        {
            _ = new Training.TrainOptions { Optimizer = Optimizer, LearningRate = LearningRate, Momentum = Momentum, WeightDecay = WeightDecay }.Validate();
        }
        catch (ArgumentException e) { throw Bad("optimizer", $"settings are invalid: {e.Message}"); }
        return this;
    }
}
