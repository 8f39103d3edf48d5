using System.Globalization;
using GapLab.Data;
using GapLab.IO;
using GapLab.Quality;
using GapLab.Runtime;
using GapLab.Store;
using GapLab.Weights;
using static TorchSharp.torch;

namespace GapLab.Jobs;

/// <summary>
/// The quality job (<c>gaplab quality</c>, <c>#!gaplab quality</c>): every quality dimension of Hesse et al. 2025 that the data allows, and
/// QUBA. Parameters declared once (<see cref="Parameters"/>); <see cref="Request"/> is the one check; <see cref="Inputs"/>, <see cref="Score"/>,
/// <see cref="Rows"/> and <see cref="Append"/> are shared by both front ends, which differ only in where the model and data come from.
/// </summary>
public static class QualityJob
{
    const string FilesVersusVariables = "the CLI evaluates saved weights; a notebook names its model and data variables";

    public static IReadOnlyList<JobParameter> Parameters { get; } =
    [
        JobParameter.Text("--weights", "Model weights (.safetensors written by gaplab run, or any file with gaplab.spec metadata). Give this or --runs.")
            .OnlyInCli(FilesVersusVariables),
        JobParameter.Text("--runs", "A 'gaplab run' output folder: evaluate the final weights of every completed run and rank them by QUBA (population normalisation by default).")
            .OnlyInCli("it ranks every stored run of a folder in one printed table; in a notebook evaluate each model variable, or read the runs with #!gaplab store"),
        JobParameter.Text("--arch", "Model spec when the weights file does not record one (e.g. mlp:width=256).").OnlyInCli("a notebook's model variable is already built"),
        JobParameter.Text("--model", "C# variable holding a BuiltModel (from #!gaplab model) or a TorchSharp Module<Tensor,Tensor> returning logits.", required: true)
            .OnlyInNotebook(FilesVersusVariables),
        JobParameter.Text("--dataset", "Test data by name (default fashion-mnist-embedded; with --runs the runs' dataset).")
            with { Suggestions = () => DatasetCatalog.Names.Select(e => e.Name) },
        JobParameter.Text("--data", "Dataset folder (see gaplab run --help).").OnlyInCli(FilesVersusVariables),
        JobParameter.Text("--data", "C# variable holding a DatasetSplit or Dataset; its test split is evaluated (default: the --dataset test set).")
            .OnlyInNotebook(FilesVersusVariables),
        JobParameter.Integer("--test-size", "Class-balanced subsample of the test set, the OOD sets and the corruption files (0 = all; all 2,000 embedded images " +
            "take under a minute on 2 idle CPU cores).", 0, 0, int.MaxValue),
        JobParameter.Text("--dimensions", "Comma-separated dimensions to report and score (default: all), e.g. accuracy,calibration_error."),
        JobParameter.Text("--quba-weights", "Signed QUBA weights, e.g. accuracy=1,calibration_error=-1 (unnamed = 0; default: the paper's)."),
        JobParameter.Choice("--quba-normalization", "published (the paper's constants, from its 262-model pool; default for one model) | population " +
            "(mean/std over the models; default with --runs).", ["published", "population"], null),
        JobParameter.Text("--corruptions", $"Comma-separated generated corruptions (default all 15: {string.Join(", ", CorruptionCatalog.Names)}; none = skip them)."),
        JobParameter.Choice("--corruption-set", GapLab.Quality.CorruptionSet.OptionHelp, GapLab.Quality.CorruptionSet.Names, GapLab.Quality.CorruptionSet.MonotoneName),
        JobParameter.Text("--corruption-files", "Folder of pre-rendered corruptions in the CIFAR-10-C layout (<corruption>.npy uint8 [5N,H,W,C], labels.npy); " +
            "evaluated instead of the generated ones unless --corruptions is also given."),
        JobParameter.Text("--ood", $"Comma-separated shifted test sets for OOD robustness: {string.Join(", ", DomainShift.Forms)}, a dataset name, or a folder (IDX/CIFAR test split)."),
        JobParameter.Number("--epsilon", "L-inf attack budget in [0,1] pixel space.", 8.0 / 255, 0, 1),
        JobParameter.Integer("--pgd-steps", "PGD steps.", 10, 1, 1000),
        JobParameter.Number("--pgd-step-size", "PGD step in [0,1] pixel space (default: epsilon/4, 2/255 at the default epsilon).", null, 0, 1),
        JobParameter.Flag("--ace-reference", "Class-wise ACE as the reference computes it (float32 probabilities, only p > 0 per class), for comparison with published constants."),
        JobParameters.Device,
        JobParameters.Threads,
        JobParameters.Seed with { Help = "Seed for the corruptions, PGD random start and subsamples." },
        JobParameters.Store,
    ];

    /// <summary>
    /// The checked request (every list, weight and option; weights on a dimension this evaluation cannot measure fail here, before any file is
    /// read). <paramref name="population"/>: several models are scored together (the CLI's --runs), so QUBA normalises over them by default.
    /// </summary>
    public static QualityRequest Request(IJobArguments args, bool population = false)
    {
        var normalization = (args.Text("--quba-normalization") ?? (population ? "population" : "published")) == "population"
            ? QubaNormalizationMode.Population : QubaNormalizationMode.Published;
        var selected = ParseDimensions(args.Text("--dimensions"));
        var userWeights = args.Text("--quba-weights") is { } w ? ParseWeights(w) : null;
        string? corruptionText = args.Text("--corruptions");
        string? filesDir = args.Text("--corruption-files");
        var corruptionNames = corruptionText is null or "none" ? CorruptionCatalog.Names : Split(corruptionText);
        foreach (var name in corruptionNames)
            if (!CorruptionCatalog.Names.Contains(name))
                throw new ArgumentException($"--corruptions: unknown corruption '{name}'; accepted: {string.Join(", ", CorruptionCatalog.Names)} or none.");
        string setName = GapLab.Quality.CorruptionSet.ParseOption(args.Text("--corruption-set")!);
        bool generated = corruptionText is null ? filesDir is null : corruptionText != "none";
        if (!generated && filesDir is null) throw new ArgumentException("--corruptions none needs --corruption-files DIR (otherwise no corruption is evaluated).");
        if (filesDir is not null && !Directory.Exists(filesDir)) throw new DirectoryNotFoundException($"--corruption-files: folder '{filesDir}' does not exist.");
        var oodNames = args.Text("--ood") is { } o ? Split(o) : [];
        foreach (var name in oodNames.Where(DomainShift.IsShift)) DomainShift.Validate(name);
        int seed = (int)args.Integer("--seed")!.Value;
        var pgd = new PgdOptions(Epsilon: args.Number("--epsilon")!.Value, StepSize: args.Number("--pgd-step-size"), Steps: (int)args.Integer("--pgd-steps")!.Value, Seed: seed);
        var request = new QualityRequest(selected, userWeights, normalization, corruptionNames, setName, generated, filesDir, oodNames, pgd,
            args.Flag("--ace-reference"), (int)args.Integer("--test-size")!.Value, seed, args.Text("--device")!, (int)args.Integer("--threads")!.Value, args.Text("--dataset"));
        request.Options.Validate();
        if (userWeights is not null)
            QualityEvaluator.RequireMeasurableWeights(userWeights, request.Options, oodNames.Count > 0, filesDir is not null, selected);
        return request;
    }

    /// <summary>
    /// The test set subsampled as asked, and the evaluator's extra inputs on <paramref name="device"/>: the OOD sets and the corruption files
    /// (checked against the test set's image shape and classes). Dispose the OOD tensors with <see cref="DisposeInputs"/>.
    /// </summary>
    public static (Dataset Test, QualityInputs Inputs) Inputs(QualityRequest request, Dataset test, Device device)
    {
        if (!test.IsImage) throw new ArgumentException($"'{test.Name}' holds samples [{string.Join(",", test.SampleShape)}]; quality metrics need images [C,H,W].");
        if (request.TestSize > 0 && request.TestSize < test.Count) test = Subsample.Stratified(test, request.TestSize, request.Seed);
        var files = request.CorruptionFilesDir is { } dir ? CorruptionFileSet.Open(dir, request.TestSize) : null;
        if (files is not null && !files.SampleShape.SequenceEqual(test.SampleShape))
            throw new ArgumentException($"--corruption-files: images in '{request.CorruptionFilesDir}' are [{string.Join(",", files.SampleShape)}] (C,H,W) but '{test.Name}' has [{string.Join(",", test.SampleShape)}].");
        if (files is not null && files.MaxLabel >= test.NumClasses)
            throw new ArgumentException($"--corruption-files: labels in '{request.CorruptionFilesDir}' go up to {files.MaxLabel} but '{test.Name}' has {test.NumClasses} classes.");
        var oodSets = request.OodSets.Select(name => OodTestSets.Resolve(name, test, request.TestSize, request.Seed)).ToArray();
        var inputs = new QualityInputs
        {
            OodSets = oodSets.Select(d => { var (ox, oy) = d.ToTensors(device); return new QualityTestSet(d.Name, ox, oy); }).ToArray(),
            CorruptionFiles = files,
        };
        return (test, inputs);
    }

    public static void DisposeInputs(QualityInputs inputs)
    {
        foreach (var set in inputs.OodSets) { set.Images.Dispose(); set.Labels.Dispose(); }
    }

    /// <summary>QUBA of one report over the selected dimensions: the request's weights, or the paper's restricted to what was measured.</summary>
    public static QubaResult Score(QualityReport report, QualityRequest request)
    {
        var measured = report.MeasuredValues.Where(kv => request.Dimensions.Contains(kv.Key)).ToDictionary();
        var weights = request.UserWeights ?? QualityEvaluator.RestrictToMeasured(QubaWeights.Default, [(IReadOnlyDictionary<QualityDimension, double>)measured]);
        return QualityEvaluator.Quba([report with { Dimensions = report.Dimensions.Where(d => request.Dimensions.Contains(d.Dimension)).ToList() }],
            request.Options with { QubaWeights = weights })[0];
    }

    /// <summary>One row per selected dimension with its QUBA contribution.</summary>
    public static IReadOnlyList<QualityDimensionRow> Rows(QualityReport report, QualityRequest request, QubaResult quba) =>
        report.Dimensions.Where(d => request.Dimensions.Contains(d.Dimension)).Select(d =>
        {
            var contribution = quba.Contributions.FirstOrDefault(k => k.Dimension == d.Dimension && k.Weight != 0);
            return new QualityDimensionRow(d.Name, d.Value, d.HigherIsBetter ? "higher is better" : "lower is better",
                contribution?.ZScore, contribution?.Weight, contribution?.Contribution, d.UnavailableReason ?? d.Method);
        }).ToList();

    /// <summary>
    /// Appends one model's dimension rows and its QUBA row to the result store in <paramref name="storeDir"/>; <paramref name="weightsFile"/> is
    /// the saved model's file (its run id read from its metadata), null for a notebook variable. Returns (rows written, the store's file).
    /// </summary>
    public static (int Rows, string File) Append(string storeDir, QualityReport report, QualityRequest request, QubaResult quba, RuntimeInfo runtime,
        Dataset test, string? weightsFile, string? commandLine)
    {
        var session = StoreSession.Start("quality", runtime, commandLine, $"seed={request.Seed}", [(test.Name, test.Fingerprint)]);
        string? runId = weightsFile is null ? null : Safetensors.ReadMetadata(weightsFile).GetValueOrDefault("gaplab.run_id");
        string file = weightsFile is null ? "" : Path.GetFullPath(weightsFile);
        var rows = Rows(report, request, quba);
        var stored = report.Dimensions.Where(d => request.Dimensions.Contains(d.Dimension)).Zip(rows, (d, r) =>
                new QualityRow(runId, report.ModelName, file, test.Name, test.Fingerprint, report.SampleCount, RecordFrame.ToSnakeCase(d.Dimension.ToString()),
                    r.Value, d.HigherIsBetter, r.ZScore, r.Weight, r.Contribution, r.Method))
            .Append(new QualityRow(runId, report.ModelName, file, test.Name, test.Fingerprint, report.SampleCount, QualityRow.Quba,
                quba.Score, true, null, null, null, $"weights {quba.WeightsName}; normalisation {quba.NormalizationSource}"))
            .ToList();
        var results = ResultStore.OpenOrCreate(storeDir);
        results.Append(session, stored);
        return (stored.Count, results.FilePath);
    }

    static IReadOnlyList<string> Split(string s) => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>A dimension by display name, enum name or snake_case name (calibration_error); the one parser of both front ends.</summary>
    public static QualityDimension ParseDimension(string name)
    {
        try { return QualityDimensions.Parse(name.Replace('_', ' ').Replace('-', ' ')); }
        catch (FormatException)
        {
            foreach (var d in QualityDimensions.All)
                if (RecordFrame.ToSnakeCase(d.ToString()) == name.ToLowerInvariant()) return d;
            throw new ArgumentException($"Unknown quality dimension '{name}'; accepted: {string.Join(", ", QualityDimensions.All.Select(d => RecordFrame.ToSnakeCase(d.ToString())))}.");
        }
    }

    /// <summary>The dimensions of a comma-separated list; null or "all" = every dimension.</summary>
    public static HashSet<QualityDimension> ParseDimensions(string? list) =>
        list is null or "all" ? QualityDimensions.All.ToHashSet() : Split(list).Select(ParseDimension).ToHashSet();

    /// <summary>Signed QUBA weights from "name=number,..." (at least one non-zero).</summary>
    public static QubaWeights ParseWeights(string text)
    {
        var map = new Dictionary<QualityDimension, double>();
        foreach (var part in Split(text))
        {
            var kv = part.Split('=', 2);
            if (kv.Length != 2 || !double.TryParse(kv[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var w) || !double.IsFinite(w))
                throw new ArgumentException($"--quba-weights: '{part}' is not name=number (e.g. accuracy=1,calibration_error=-1).");
            map[ParseDimension(kv[0])] = w;
        }
        if (map.Values.All(v => v == 0)) throw new ArgumentException("--quba-weights: at least one weight must be non-zero.");
        return QubaWeights.FromDictionary(map, "custom: " + text);
    }
}
