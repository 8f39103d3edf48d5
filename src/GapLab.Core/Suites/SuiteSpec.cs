using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GapLab.Suites;

/// <summary>
/// A population of training runs: every model spec x every point of the hyperparameter grid x every seed, on one dataset.
/// Read from JSON (snake_case keys) or taken from <see cref="BuiltInSuites"/>. Example:
/// <code>{ "name": "widths", "dataset": "fashion-mnist-embedded", "models": ["mlp:width=64", "mlp:width=256"],
///   "seeds": [0, 1], "epochs": 3, "batch_size": 128, "optimizer": "sgd", "learning_rate": 0.05,
///   "grid": { "weight_decay": [0, 0.0005] } }</code>
/// </summary>
public sealed record SuiteSpec
{
    public string Name { get; init; } = "custom";
    public string Description { get; init; } = "";
    public string Dataset { get; init; } = "fashion-mnist-embedded";
    public IReadOnlyList<string> Models { get; init; } = Array.Empty<string>();
    public IReadOnlyList<int> Seeds { get; init; } = new[] { 0 };
    /// <summary>Optional class-balanced subsample of the training set (null = all).</summary>
    public int? TrainSize { get; init; }
    /// <summary>Optional fraction of training labels replaced by another class (0 = none).</summary>
    public double LabelNoise { get; init; }
    public int Epochs { get; init; } = 3;
    public int BatchSize { get; init; } = 128;
    public string Optimizer { get; init; } = "sgd";
    public double LearningRate { get; init; } = 0.05;
    public double Momentum { get; init; } = 0.9;
    public bool Nesterov { get; init; }
    public double WeightDecay { get; init; }
    public string Schedule { get; init; } = "none";
    public double LabelSmoothing { get; init; }
    public bool Augment { get; init; }
    /// <summary>Hyperparameter axes crossed with models and seeds; keys are the scalar fields above
    /// (learning_rate, weight_decay, batch_size, epochs, momentum, label_smoothing, label_noise, train_size, optimizer, schedule).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<JsonElement>> Grid { get; init; } = new Dictionary<string, IReadOnlyList<JsonElement>>();

    public static readonly IReadOnlyList<string> GridKeys = new[]
    {
        "learning_rate", "weight_decay", "batch_size", "epochs", "momentum", "label_smoothing", "label_noise", "train_size", "optimizer", "schedule",
    };

    static readonly JsonSerializerOptions Json = GapLab.IO.JsonConfigReader.CreateOptions();

    /// <summary>Parses a suite from JSON text; <paramref name="source"/> names the file in error messages.</summary>
    public static SuiteSpec FromJson(string json, string source = "suite")
    {
        var spec = GapLab.IO.JsonConfigReader.Read<SuiteSpec>(json, source, "suite", Json);
        spec.Validate(source);
        return spec;
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Checks every field; throws <see cref="ArgumentException"/> naming the field, its value and the accepted range.</summary>
    public void Validate(string source = "suite")
    {
        if (Models.Count == 0) throw new ArgumentException($"{source}: 'models' is empty; list at least one model spec such as \"mlp:width=256\".");
        if (Seeds.Count == 0) throw new ArgumentException($"{source}: 'seeds' is empty; give at least one seed.");
        if (Seeds.Distinct().Count() != Seeds.Count) throw new ArgumentException($"{source}: 'seeds' has duplicates: [{string.Join(", ", Seeds)}].");
        if (Epochs < 1) throw new ArgumentException($"{source}: 'epochs' must be >= 1, got {Epochs}.");
        if (BatchSize < 1) throw new ArgumentException($"{source}: 'batch_size' must be >= 1, got {BatchSize}.");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ArgumentException($"{source}: 'learning_rate' must be a positive number, got {LearningRate}.");
        if (TrainSize is < 1) throw new ArgumentException($"{source}: 'train_size' must be >= 1 or omitted, got {TrainSize}.");
        if (LabelNoise is < 0 or >= 1 || double.IsNaN(LabelNoise)) throw new ArgumentException($"{source}: 'label_noise' must be in [0, 1), got {LabelNoise}.");
        foreach (var (key, values) in Grid)
        {
            if (!GridKeys.Contains(key))
                throw new ArgumentException($"{source}: unknown grid axis '{key}'; accepted: {string.Join(", ", GridKeys)}.");
            if (values.Count == 0) throw new ArgumentException($"{source}: grid axis '{key}' has no values.");
        }
        try { _ = Expand(); } // expanding applies each grid value, so bad values surface here
        catch (ArgumentException e) { throw new ArgumentException($"{source}: {e.Message}", e); }
    }

    /// <summary>
    /// Every run of the population in a stable order: model, then grid point (keys sorted), then seed. Each run's seed is the
    /// suite's seed plus <paramref name="seedOffset"/> (<c>gaplab run --seed N</c>), and its id names that seed, so runs of
    /// another offset never pass for finished ones in an existing store (offset 0 keeps the ids of earlier versions).
    /// <paramref name="epochsOverride"/> (<c>gaplab run --epochs N</c>) replaces every run's epoch count; a run whose count it
    /// changes names it in its id (<c>...|epochs=N|seed=S</c>, or the grid's <c>epochs=</c> value, whose points it merges into one), so a rerun with other epochs
    /// into an existing folder trains its own runs instead of skipping them as done (no override keeps the earlier ids).
    /// </summary>
    public IReadOnlyList<SuiteRun> Expand(int seedOffset = 0, int? epochsOverride = null)
    {
        if (epochsOverride is < 1) throw new ArgumentException($"--epochs must be >= 1, got {epochsOverride}.");
        var points = new List<SuiteSpec> { this };
        foreach (var key in Grid.Keys.Order(StringComparer.Ordinal))
            points = points.SelectMany(p => Grid[key].Select(v => p.With(key, v))).ToList();
        // an override collapses an epochs grid axis: its points become one
        if (epochsOverride is int e) points = points.Select(p => p with { Epochs = e }).DistinctBy(p => string.Join(";", GridValues(p).Values)).ToList();
        var runs = new List<SuiteRun>();
        foreach (var model in Models)
            foreach (var point in points)
                foreach (var seed in Seeds.Select(x => checked(x + seedOffset)))
                    runs.Add(new SuiteRun(RunId(model, point, seed), model, seed, point with { Grid = new Dictionary<string, IReadOnlyList<JsonElement>>() }, GridValues(point)));
        return runs;
    }

    IReadOnlyDictionary<string, string> GridValues(SuiteSpec point) =>
        Grid.Keys.Order(StringComparer.Ordinal).ToDictionary(k => k, k => point.ValueOf(k));

    string RunId(string model, SuiteSpec point, int seed)
    {
        var parts = new List<string> { model };
        parts.AddRange(Grid.Keys.Order(StringComparer.Ordinal).Select(k => $"{k}={point.ValueOf(k)}"));
        if (!Grid.ContainsKey("epochs") && point.Epochs != Epochs) parts.Add($"epochs={point.ValueOf("epochs")}");
        parts.Add($"seed={seed}");
        return string.Join("|", parts);
    }

    internal string ValueOf(string key) => key switch
    {
        "learning_rate" => Inv(LearningRate),
        "weight_decay" => Inv(WeightDecay),
        "batch_size" => Inv(BatchSize),
        "epochs" => Inv(Epochs),
        "momentum" => Inv(Momentum),
        "label_smoothing" => Inv(LabelSmoothing),
        "label_noise" => Inv(LabelNoise),
        "train_size" => TrainSize?.ToString(CultureInfo.InvariantCulture) ?? "all",
        "optimizer" => Optimizer,
        "schedule" => Schedule,
        _ => throw new ArgumentException($"unknown grid axis '{key}'"),
    };

    static string Inv(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    SuiteSpec With(string key, JsonElement v)
    {
        try
        {
            return key switch
            {
                "learning_rate" => this with { LearningRate = v.GetDouble() },
                "weight_decay" => this with { WeightDecay = v.GetDouble() },
                "batch_size" => this with { BatchSize = v.GetInt32() },
                "epochs" => this with { Epochs = v.GetInt32() },
                "momentum" => this with { Momentum = v.GetDouble() },
                "label_smoothing" => this with { LabelSmoothing = v.GetDouble() },
                "label_noise" => this with { LabelNoise = v.GetDouble() },
                "train_size" => this with { TrainSize = v.ValueKind == JsonValueKind.Null ? null : v.GetInt32() },
                "optimizer" => this with { Optimizer = v.GetString() ?? "sgd" },
                "schedule" => this with { Schedule = v.GetString() ?? "none" },
                _ => throw new ArgumentException($"unknown grid axis '{key}'; accepted: {string.Join(", ", GridKeys)}."),
            };
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new ArgumentException($"grid axis '{key}': value {v.GetRawText()} has the wrong type ({e.Message}).");
        }
    }
}

/// <summary>One run of a suite: a stable id, the model spec, the seed (offset included), the resolved settings and the grid values that made it.</summary>
public sealed record SuiteRun(string RunId, string Model, int Seed, SuiteSpec Settings, IReadOnlyDictionary<string, string> GridValues);
