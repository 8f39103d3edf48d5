using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using GapLab.Analysis;
using GapLab.Data;
using GapLab.Quality;
using GapLab.Runtime;
using GapLab.Store;
using GapLab.Suites;
using GapLab.Weights;
using Spectre.Console;
using TorchSharp;
using GapLab.IO;

namespace GapLab.Cli.Commands;

/// <summary>
/// <c>gaplab quality</c>: every quality dimension of Hesse et al. 2025 that GapLab's data allows (accuracy, adversarial and
/// corruption robustness, calibration, class balance, parameters; the ImageNet-only ones say why not) plus QUBA.
/// </summary>
internal static class QualityCommand
{
    /// <summary>One printed row: a dimension, its value or why it is missing, and its QUBA contribution.</summary>
    internal sealed record DimensionRow(string Dimension, double? Value, string Direction, double? ZScore, double? Weight, double? Contribution, string Method);

    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var weights = new Option<string?>("--weights") { Description = "Model weights (.safetensors written by gaplab run, or any file with gaplab.spec metadata). Give this or --runs." };
        var runs = new Option<string?>("--runs") { Description = "A 'gaplab run' output folder: evaluate the final weights of every completed run and rank them by QUBA (population normalisation by default)." };
        var arch = new Option<string?>("--arch") { Description = "Model spec when the weights file does not record one (e.g. mlp:width=256)." };
        var dataset = new Option<string?>("--dataset") { Description = "Test data (default fashion-mnist-embedded; with --runs the runs' dataset)." };
        var data = new Option<string?>("--data") { Description = "Dataset folder (see gaplab run --help)." };
        var testSize = new Option<int>("--test-size") { Description = "Class-balanced subsample of the test set, the OOD sets and the corruption files (default 0 = all; all 2,000 embedded images take under a minute on 2 idle CPU cores).", DefaultValueFactory = _ => 0 };
        var dims = new Option<string?>("--dimensions") { Description = "Comma-separated dimensions to report and score (default: all), e.g. accuracy,calibration_error." };
        var qubaWeights = new Option<string?>("--quba-weights") { Description = "Signed QUBA weights, e.g. accuracy=1,calibration_error=-1 (unnamed = 0; default: the paper's)." };
        var normalization = new Option<string?>("--quba-normalization") { Description = "published (the paper's constants, from its 262-model pool; default for one model) | population (mean/std over the models; default with --runs)." };
        var corruptions = new Option<string?>("--corruptions") { Description = $"Comma-separated generated corruptions (default all 15: {string.Join(", ", CorruptionCatalog.Names)}; none = skip them)." };
        var corruptionSet = new Option<string>("--corruption-set") { Description = CorruptionSet.OptionHelp, DefaultValueFactory = _ => CorruptionSet.MonotoneName };
        var corruptionFiles = new Option<string?>("--corruption-files") { Description = "Folder of pre-rendered corruptions in the CIFAR-10-C layout (<corruption>.npy uint8 [5N,H,W,C], labels.npy); evaluated instead of the generated ones unless --corruptions is also given." };
        var ood = new Option<string?>("--ood") { Description = $"Comma-separated shifted test sets for OOD robustness: {string.Join(", ", DomainShift.Forms)}, a dataset name, or a folder (IDX/CIFAR test split)." };
        var eps = new Option<double>("--epsilon") { Description = "L-inf attack budget in [0,1] pixel space.", DefaultValueFactory = _ => 8.0 / 255 };
        var steps = new Option<int>("--pgd-steps") { Description = "PGD steps.", DefaultValueFactory = _ => 10 };
        var stepSize = new Option<double?>("--pgd-step-size") { Description = "PGD step in [0,1] pixel space (default: epsilon/4, 2/255 at the default epsilon)." };
        var aceReference = new Option<bool>("--ace-reference") { Description = "Class-wise ACE as the reference computes it (float32 probabilities, only p > 0 per class), for comparison with published constants." };
        var format = new Option<string>("--format") { Description = "table | csv | json", DefaultValueFactory = _ => "table" };
        var device = new Option<string>("--device") { Description = "auto | cpu | cuda | cuda:N", DefaultValueFactory = _ => "auto" };
        var threads = new Option<int>("--threads") { Description = "Intra-op CPU threads (0 = libtorch default).", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed for the corruptions, PGD random start and subsamples.", DefaultValueFactory = _ => 0 };
        var cmd = new Command("quality", "Quality beyond accuracy: robustness (adversarial, corruption, OOD), calibration, class balance, parameters and the QUBA score of one model or of every run in a folder. Progress goes to stderr; Ctrl+C prints what is finished and exits with 1.");
        var store = StoreCommand.AppendOption();
        foreach (var o in new Option[] { weights, runs, arch, dataset, data, testSize, dims, qubaWeights, normalization, corruptions, corruptionSet, corruptionFiles, ood, eps, steps, stepSize, aceReference, format, device, threads, seed, store })
            cmd.Options.Add(o);
        // Task.Run: System.CommandLine installs its Ctrl+C handler (which cancels ct) only once the action has returned its task
        cmd.SetAction((parse, ct) => Task.Run(() => GapLabCli.Guard(stderr, () =>
        {
            string fmt = parse.GetValue(format)!;
            if (fmt is not ("table" or "csv" or "json")) throw new ArgumentException($"--format '{fmt}': use table, csv or json.");
            string? runsDir = parse.GetValue(runs);
            string? path = parse.GetValue(weights);
            if ((runsDir is null) == (path is null)) throw new ArgumentException("give either --weights FILE (one model) or --runs DIR (every completed run of a 'gaplab run' folder).");
            string norm = parse.GetValue(normalization) ?? (runsDir is null ? "published" : "population");
            if (norm is not ("published" or "population")) throw new ArgumentException($"--quba-normalization '{norm}': use published or population.");
            var selected = ParseDimensions(parse.GetValue(dims));
            var userWeights = parse.GetValue(qubaWeights) is { } w ? ParseWeights(w) : null;
            string? corruptionText = parse.GetValue(corruptions);
            string? filesDir = parse.GetValue(corruptionFiles);
            var corruptionNames = corruptionText is null or "none" ? CorruptionCatalog.Names : SplitList(corruptionText);
            foreach (var name in corruptionNames)
                if (!CorruptionCatalog.Names.Contains(name))
                    throw new ArgumentException($"--corruptions: unknown corruption '{name}'; accepted: {string.Join(", ", CorruptionCatalog.Names)} or none.");
            string setName = CorruptionSet.ParseOption(parse.GetValue(corruptionSet)!);
            bool generated = corruptionText is null ? filesDir is null : corruptionText != "none";
            if (!generated && filesDir is null) throw new ArgumentException("--corruptions none needs --corruption-files DIR (otherwise no corruption is evaluated).");
            var oodNames = parse.GetValue(ood) is { } o ? SplitList(o) : Array.Empty<string>();
            foreach (var name in oodNames.Where(DomainShift.IsShift)) DomainShift.Validate(name);
            // weights on a dimension this run cannot measure fail now, before any file is read, not after the evaluation
            if (userWeights is not null)
                QualityEvaluator.RequireMeasurableWeights(userWeights, new QualityOptions { GeneratedCorruptions = generated }, oodNames.Count > 0, filesDir is not null, selected);
            if (path is not null && !File.Exists(path)) throw new FileNotFoundException($"--weights: file '{path}' does not exist.", path);
            if (runsDir is not null && parse.GetValue(store) is not null)
                throw new ArgumentException("--store records one model's quality (with --weights); for --runs, run gaplab quality --weights FILE --store DIR per model.");
            var stored = runsDir is null ? null : LegacyRunsCsvImport.OpenRequired(runsDir, line => stderr.WriteLine($"gaplab: note: {line}"));
            int n = parse.GetValue(testSize);
            if (n < 0) throw new ArgumentException($"--test-size must be >= 0 (0 = all), got {n}.");
            int seedValue = parse.GetValue(seed);
            var files = filesDir is null ? null : CorruptionFileSet.Open(filesDir, n);

            var pgd = new PgdOptions(Epsilon: parse.GetValue(eps), StepSize: parse.GetValue(stepSize), Steps: parse.GetValue(steps), Seed: seedValue);
            pgd.Validate();
            if (pgd.BudgetWarning is { } budgetWarning) stderr.WriteLine("warning: " + budgetWarning);

            var runtime = TorchEnvironment.Apply(new TorchSettings(parse.GetValue(device)!, parse.GetValue(threads), seedValue));
            var dev = TorchEnvironment.ResolveDevice(parse.GetValue(device)!);
            var options = new QualityOptions
            {
                Pgd = pgd,
                Corruptions = corruptionNames,
                CorruptionSet = setName,
                GeneratedCorruptions = generated,
                CorruptionSeed = seedValue,
                QubaNormalization = norm == "population" ? QubaNormalizationMode.Population : QubaNormalizationMode.Published,
                AceReference = parse.GetValue(aceReference),
            };
            var models = runsDir is null ? new[] { (Name: (string?)null, Weights: path!) } : CompletedRuns(stored!, stderr).Select(r => (Name: (string?)r.RunId, r.Weights)).ToArray();
            if (runsDir is not null && models.Length < 3 && options.QubaNormalization == QubaNormalizationMode.Population)
                stderr.WriteLine($"warning: --runs has {models.Length} completed model(s): population z-scores over fewer than 3 models are only a vote " +
                    "(with 2 models every dimension's z-score is the same size, plus or minus), not a measurement; add models or use --quba-normalization published.");
            string datasetName = parse.GetValue(dataset) ?? (runsDir is null ? EmbeddedFashionMnist.Name : RunsDataset(stored!));
            var test = DatasetCatalog.Load(datasetName, parse.GetValue(data)).Test;
            if (n > 0 && n < test.Count) test = Subsample.Stratified(test, n, seedValue);
            if (files is not null && !files.SampleShape.SequenceEqual(test.SampleShape))
                throw new ArgumentException($"--corruption-files: images in '{filesDir}' are [{string.Join(",", files.SampleShape)}] (C,H,W) but '{test.Name}' has [{string.Join(",", test.SampleShape)}].");
            var oodSets = oodNames.Select(name => OodTestSets.Resolve(name, test, n, seedValue)).ToArray();

            var (x, y) = test.ToTensors(dev);
            using var xs = x;
            using var ys = y;
            var inputs = new QualityInputs
            {
                OodSets = oodSets.Select(d => { var (ox, oy) = d.ToTensors(dev); return new QualityTestSet(d.Name, ox, oy); }).ToArray(),
                CorruptionFiles = files,
            };
            if (files is not null && files.MaxLabel >= test.NumClasses)
                throw new ArgumentException($"--corruption-files: labels in '{filesDir}' go up to {files.MaxLabel} but '{test.Name}' has {test.NumClasses} classes.");
            try
            {
                var reports = new List<QualityReport>();
                for (int i = 0; i < models.Length && !ct.IsCancellationRequested; i++)
                {
                    using var model = parse.GetValue(arch) is { } spec ? LoadWithSpec(models[i].Weights, spec, test) : ModelWeights.LoadModel(models[i].Weights, Models.InputShape.Of(test));
                    model.Module.to(dev);
                    string prefix = models.Length > 1 ? $"[{i + 1}/{models.Length}] {models[i].Name}: " : "quality: ";
                    var printer = new QualityProgressPrinter(stderr, prefix);
                    var report = QualityEvaluator.Evaluate(models[i].Name ?? model.Spec, model.Module, xs, ys, options, inputs, printer, ct);
                    printer.Finish();
                    reports.Add(report);
                }
                if (reports.Any(r => r.Cancelled) || reports.Count < models.Length)
                    stderr.WriteLine($"gaplab: cancelled{(reports.LastOrDefault()?.CancelledDuring is { } s ? $" during '{s}'" : "")}; printing what is finished ({reports.Count} of {models.Length} model(s)).");
                if (reports.Count == 0) return GapLabCli.ExitFailed;
                if (runsDir is null)
                {
                    var (rows, quba) = PrintOne(fmt, reports[0], selected, userWeights, options, runtime, test, path!, stdout);
                    if (parse.GetValue(store) is { } storeDir && !reports[0].Cancelled)
                        AppendToStore(storeDir, reports[0], selected, rows, quba, runtime, test, path!, $"seed={seedValue}", GapLabCli.CommandLine(parse), stderr);
                }
                else
                    QualityRunsTable.Print(fmt, reports, selected, userWeights, options, test, runsDir, stdout);
                return reports.Any(r => r.Cancelled) || reports.Count < models.Length ? GapLabCli.ExitFailed : GapLabCli.ExitOk;
            }
            finally
            {
                foreach (var set in inputs.OodSets) { set.Images.Dispose(); set.Labels.Dispose(); }
            }
        })));
        return cmd;
    }

    /// <summary>(run id, final weights file) of every completed run in the result store of a 'gaplab run' folder.</summary>
    static IReadOnlyList<(string RunId, string Weights)> CompletedRuns(ResultStore store, TextWriter stderr)
    {
        var (completed, leftOut) = Suites.RunSelection.Completed(store.Runs());
        if (Suites.RunSelection.Note(leftOut) is { } note) stderr.WriteLine($"gaplab: note: {note}");
        if (completed.Count == 0) throw new InvalidDataException($"{store.FilePath}: no completed runs to evaluate.");
        return completed.Select(r =>
        {
            string file = r.WeightsFile ?? "";
            if (!File.Exists(file) && file.Length > 0) file = Path.Combine(store.Folder, "models", Path.GetFileName(file));
            if (string.IsNullOrEmpty(r.WeightsFile) || !File.Exists(file))
                throw new FileNotFoundException($"{store.FilePath}: run '{r.RunId}' has no weights file ('{r.WeightsFile}'); rerun the suite without --no-weights.");
            return (r.RunId, file);
        }).ToArray();
    }

    static string RunsDataset(ResultStore store)
    {
        string dir = store.Folder;
        var names = store.Runs().Select(r => Suites.RunPopulation.BaseDatasetName(r.Dataset)).Distinct().ToArray();
        if (names.Length != 1) throw new ArgumentException($"runs in '{dir}' use {names.Length} datasets ({string.Join(", ", names)}); choose one with --dataset.");
        return names[0];
    }

    static (List<DimensionRow> Rows, QubaResult Quba) PrintOne(string fmt, QualityReport report, HashSet<QualityDimension> selected, QubaWeights? userWeights,
        QualityOptions options, RuntimeInfo runtime, Dataset test, string path, TextWriter stdout)
    {
        var measured = report.MeasuredValues.Where(kv => selected.Contains(kv.Key)).ToDictionary();
        var qubaW = userWeights ?? QualityEvaluator.RestrictToMeasured(QubaWeights.Default, new[] { (IReadOnlyDictionary<QualityDimension, double>)measured });
        var quba = QualityEvaluator.Quba(new[] { report with { Dimensions = report.Dimensions.Where(d => selected.Contains(d.Dimension)).ToList() } },
            options with { QubaWeights = qubaW })[0];
        var rows = report.Dimensions.Where(d => selected.Contains(d.Dimension)).Select(d =>
        {
            var contribution = quba.Contributions.FirstOrDefault(k => k.Dimension == d.Dimension && k.Weight != 0);
            return new DimensionRow(d.Name, d.Value, d.HigherIsBetter ? "higher is better" : "lower is better",
                contribution?.ZScore, contribution?.Weight, contribution?.Contribution, d.UnavailableReason ?? d.Method);
        }).ToList();
        Print(fmt, rows, quba, report, runtime, test, path, stdout);
        return (rows, quba);
    }

    /// <summary>Appends one model's dimension rows and its QUBA row to the result store in <paramref name="storeDir"/>.</summary>
    static void AppendToStore(string storeDir, QualityReport report, HashSet<QualityDimension> selected, List<DimensionRow> rows, QubaResult quba,
        RuntimeInfo runtime, Dataset test, string path, string seeds, string commandLine, TextWriter stderr)
    {
        var session = StoreSession.Start("quality", runtime, commandLine, seeds, [(test.Name, test.Fingerprint)]);
        string? runId = Safetensors.ReadMetadata(path).GetValueOrDefault("gaplab.run_id");
        string weightsFile = Path.GetFullPath(path);
        var stored = report.Dimensions.Where(d => selected.Contains(d.Dimension)).Zip(rows, (d, r) =>
                new QualityRow(runId, report.ModelName, weightsFile, test.Name, test.Fingerprint, report.SampleCount, RecordFrame.ToSnakeCase(d.Dimension.ToString()),
                    r.Value, d.HigherIsBetter, r.ZScore, r.Weight, r.Contribution, r.Method))
            .Append(new QualityRow(runId, report.ModelName, weightsFile, test.Name, test.Fingerprint, report.SampleCount, QualityRow.Quba,
                quba.Score, true, null, null, null, $"weights {quba.WeightsName}; normalisation {quba.NormalizationSource}"))
            .ToList();
        var results = ResultStore.OpenOrCreate(storeDir);
        results.Append(session, stored);
        stderr.WriteLine($"{stored.Count} quality rows appended to {results.FilePath}");
    }

    static Models.BuiltModel LoadWithSpec(string path, string spec, Dataset test)
    {
        var built = Models.ModelRegistry.Create(spec, Models.InputShape.Of(test));
        try { ModelWeights.Load(built.Module, path); }
        catch { built.Dispose(); throw; }
        return built;
    }

    static IReadOnlyList<string> SplitList(string s) => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Dimension names as display names, enum names or snake_case (calibration_error).</summary>
    internal static QualityDimension ParseDimension(string name)
    {
        try { return QualityDimensions.Parse(name.Replace('_', ' ').Replace('-', ' ')); }
        catch (FormatException)
        {
            foreach (var d in QualityDimensions.All)
                if (RecordFrame.ToSnakeCase(d.ToString()) == name.ToLowerInvariant()) return d;
            throw new ArgumentException($"Unknown quality dimension '{name}'; accepted: {string.Join(", ", QualityDimensions.All.Select(d => RecordFrame.ToSnakeCase(d.ToString())))}.");
        }
    }

    internal static HashSet<QualityDimension> ParseDimensions(string? list) =>
        list is null or "all" ? QualityDimensions.All.ToHashSet() : SplitList(list).Select(ParseDimension).ToHashSet();

    internal static QubaWeights ParseWeights(string text)
    {
        var map = new Dictionary<QualityDimension, double>();
        foreach (var part in SplitList(text))
        {
            var kv = part.Split('=', 2);
            if (kv.Length != 2 || !double.TryParse(kv[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var w) || !double.IsFinite(w))
                throw new ArgumentException($"--quba-weights: '{part}' is not name=number (e.g. accuracy=1,calibration_error=-1).");
            map[ParseDimension(kv[0])] = w;
        }
        if (map.Values.All(v => v == 0)) throw new ArgumentException("--quba-weights: at least one weight must be non-zero.");
        return QubaWeights.FromDictionary(map, "custom: " + text);
    }

    static void Print(string fmt, IReadOnlyList<DimensionRow> rows, QubaResult quba, QualityReport report, RuntimeInfo runtime, Dataset test, string weightsPath, TextWriter stdout)
    {
        switch (fmt)
        {
            case "csv":
                RecordFrame.ToCsv(rows, stdout);
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"QUBA,{quba.Score:R},,,,,\"weights {quba.WeightsName}; normalisation {quba.NormalizationSource}\""));
                break;
            case "json":
                stdout.WriteLine(JsonSerializer.Serialize(new
                {
                    model = report.ModelName,
                    weights_file = weightsPath,
                    dataset = test.Name,
                    dataset_fingerprint = test.Fingerprint,
                    samples = report.SampleCount,
                    cancelled = report.Cancelled,
                    cancelled_during = report.CancelledDuring,
                    dimensions = rows,
                    quba = new { score = quba.Score, weights = quba.WeightsName, normalization = quba.NormalizationSource },
                    temperature = report.TemperatureScaling?.Temperature,
                    ood_sets = report.Ood?.Sets,
                    corruption_set = report.Options.GeneratedCorruptions ? new { name = report.Options.CorruptionSet, constants = CorruptionSet.Get(report.Options.CorruptionSet).Description } : null,
                    corruption_files = report.CorruptionFiles is { } cf ? new { clean_accuracy = cf.CleanAccuracy, accuracy = cf.Entries, drop_threshold_severity = report.CorruptionFileDropThresholds?.Severity } : null,
                    device = runtime.Device,
                    torchsharp = runtime.TorchSharpVersion,
                    libtorch = runtime.LibTorchVersion,
                }, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
                break;
            default:
                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout) });
                console.Profile.Width = Math.Max(console.Profile.Width, 160);
                console.MarkupLine($"[bold]{Markup.Escape(report.ModelName)}[/] on {Markup.Escape(test.Name)} ({report.SampleCount} images), device {Markup.Escape(runtime.Device)}{(report.Cancelled ? " [red](cancelled: partial report)[/]" : "")}");
                var t = new Table().Border(TableBorder.Rounded);
                foreach (var c in new[] { "dimension", "value", "direction", "z", "weight", "contribution", "method / why not measured" }) t.AddColumn(c);
                foreach (var r in rows) t.AddRow(Markup.Escape(r.Dimension), F(r.Value), r.Direction, F(r.ZScore), F(r.Weight), F(r.Contribution), Markup.Escape(r.Method));
                console.Write(t);
                console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"QUBA [bold]{quba.Score:0.0000}[/] (weights {Markup.Escape(quba.WeightsName)}; normalisation {Markup.Escape(quba.NormalizationSource)})"));
                if (report.TemperatureScaling is { } ts)
                    console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"temperature scaling: T = {ts.Temperature:0.000}"));
                if (report.Ood is { } ood)
                    console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                        $"OOD sets (clean accuracy {ood.CleanAccuracy:0.0000}): {string.Join("; ", ood.Sets.Select(s => $"{s.Name} acc {s.Accuracy:0.0000} ({s.SampleCount} images, relative {s.RelativeAccuracy:0.0000})"))}")));
                if (report.CorruptionFiles is { } files)
                {
                    console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"corruption files: accuracy per severity (clean {files.CleanAccuracy:0.0000}, {files.SampleCount} images per severity)"));
                    console.Write(CorruptionTable(files, report.CorruptionFileDropThresholds));
                }
                break;
        }
    }

    static string F(double? v) => v is { } d ? d.ToString("0.0000", CultureInfo.InvariantCulture) : "-";

    /// <summary>Accuracy per corruption (rows) and severity (columns), with the severity where accuracy falls by the drop threshold.</summary>
    internal static Table CorruptionTable(CorruptionAccuracyTable table, CorruptionDropThresholdResult? drops)
    {
        var t = new Table().Border(TableBorder.Rounded);
        var severities = table.Entries.Select(e => e.Severity).Distinct().OrderBy(s => s).ToArray();
        t.AddColumn("corruption");
        foreach (var s in severities) t.AddColumn(new TableColumn($"s{s}").RightAligned());
        t.AddColumn(new TableColumn("mean").RightAligned());
        t.AddColumn(new TableColumn(drops is null ? "drop" : string.Create(CultureInfo.InvariantCulture, $"severity at -{drops.Drop:0.##}")).RightAligned());
        foreach (var c in table.Corruptions)
        {
            var cells = new List<string> { Markup.Escape(c) };
            cells.AddRange(severities.Select(s => table.Entries.FirstOrDefault(e => e.Corruption == c && e.Severity == s) is { } e ? F(e.Accuracy) : "-"));
            cells.Add(F(table.Entries.Where(e => e.Corruption == c).Average(e => e.Accuracy)));
            cells.Add(drops?.Severity.GetValueOrDefault(c) is double d ? d.ToString("0.00", CultureInfo.InvariantCulture) : "never");
            t.AddRow(cells.ToArray());
        }
        return t;
    }
}
