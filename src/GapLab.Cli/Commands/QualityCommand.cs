using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using GapLab.Analysis;
using GapLab.Data;
using GapLab.Jobs;
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
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var options = new JobOptions(QualityJob.Parameters);
        var format = OutputFormat.Create();
        var cmd = new Command("quality", "Quality beyond accuracy: robustness (adversarial, corruption, OOD), calibration, class balance, parameters and the QUBA score of one model or of every run in a folder. Progress goes to stderr; Ctrl+C prints what is finished and exits with 1.");
        options.AddTo(cmd);
        cmd.Options.Add(format);
        // Task.Run: System.CommandLine installs its Ctrl+C handler (which cancels ct) only once the action has returned its task
        cmd.SetAction((parse, ct) => Task.Run(() => GapLabCli.Guard(stderr, () =>
        {
            string fmt = OutputFormat.Read(parse, format);
            var args = options.Bind(parse);
            string? runsDir = args.Text("--runs");
            string? path = args.Text("--weights");
            if ((runsDir is null) == (path is null)) throw new ArgumentException("give either --weights FILE (one model) or --runs DIR (every completed run of a 'gaplab run' folder).");
            var request = QualityJob.Request(args, population: runsDir is not null);
            if (path is not null && !File.Exists(path)) throw new FileNotFoundException($"--weights: file '{path}' does not exist.", path);
            if (runsDir is not null && args.Text("--store") is not null)
                throw new ArgumentException("--store records one model's quality (with --weights); for --runs, run gaplab quality --weights FILE --store DIR per model.");
            var stored = runsDir is null ? null : LegacyRunsCsvImport.OpenRequired(runsDir, line => stderr.WriteLine($"gaplab: note: {line}"));
            if (request.Pgd.BudgetWarning is { } budgetWarning) stderr.WriteLine("warning: " + budgetWarning);

            var runtime = TorchEnvironment.Apply(new TorchSettings(request.Device, request.Threads, request.Seed));
            var dev = TorchEnvironment.ResolveDevice(request.Device);
            var qualityOptions = request.Options;
            var models = runsDir is null ? new[] { (Name: (string?)null, Weights: path!) } : CompletedRuns(stored!, stderr).Select(r => (Name: (string?)r.RunId, r.Weights)).ToArray();
            if (runsDir is not null && models.Length < 3 && request.Normalization == QubaNormalizationMode.Population)
                stderr.WriteLine($"warning: --runs has {models.Length} completed model(s): population z-scores over fewer than 3 models are only a vote " +
                    "(with 2 models every dimension's z-score is the same size, plus or minus), not a measurement; add models or use --quba-normalization published.");
            string datasetName = request.Dataset ?? (runsDir is null ? EmbeddedFashionMnist.Name : RunsDataset(stored!));
            var (test, inputs) = QualityJob.Inputs(request, DatasetCatalog.Load(datasetName, args.Text("--data")).Test, dev);
            var (x, y) = test.ToTensors(dev);
            using var xs = x;
            using var ys = y;
            try
            {
                var reports = new List<QualityReport>();
                for (int i = 0; i < models.Length && !ct.IsCancellationRequested; i++)
                {
                    using var model = args.Text("--arch") is { } spec ? LoadWithSpec(models[i].Weights, spec, test) : ModelWeights.LoadModel(models[i].Weights, Models.InputShape.Of(test));
                    model.Module.to(dev);
                    string prefix = models.Length > 1 ? $"[{i + 1}/{models.Length}] {models[i].Name}: " : "quality: ";
                    var printer = new QualityProgressPrinter(stderr, prefix);
                    var report = QualityEvaluator.Evaluate(models[i].Name ?? model.Spec, model.Module, xs, ys, qualityOptions, inputs, printer, ct);
                    printer.Finish();
                    reports.Add(report);
                }
                if (reports.Any(r => r.Cancelled) || reports.Count < models.Length)
                    stderr.WriteLine($"gaplab: cancelled{(reports.LastOrDefault()?.CancelledDuring is { } s ? $" during '{s}'" : "")}; printing what is finished ({reports.Count} of {models.Length} model(s)).");
                if (reports.Count == 0) return GapLabCli.ExitFailed;
                if (runsDir is null)
                {
                    var quba = QualityJob.Score(reports[0], request);
                    Print(fmt, QualityJob.Rows(reports[0], request, quba), quba, reports[0], runtime, test, path!, stdout);
                    if (args.Text("--store") is { } storeDir && !reports[0].Cancelled)
                    {
                        var (count, file) = QualityJob.Append(storeDir, reports[0], request, quba, runtime, test, path!, GapLabCli.CommandLine(parse));
                        stderr.WriteLine($"{count} quality rows appended to {file}");
                    }
                }
                else
                    QualityRunsTable.Print(fmt, reports, request.Dimensions, request.UserWeights, qualityOptions, test, runsDir, stdout);
                return reports.Any(r => r.Cancelled) || reports.Count < models.Length ? GapLabCli.ExitFailed : GapLabCli.ExitOk;
            }
            finally
            {
                QualityJob.DisposeInputs(inputs);
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

    static Models.BuiltModel LoadWithSpec(string path, string spec, Dataset test)
    {
        var built = Models.ModelRegistry.Create(spec, Models.InputShape.Of(test));
        try { ModelWeights.Load(built.Module, path); }
        catch { built.Dispose(); throw; }
        return built;
    }

    static void Print(string fmt, IReadOnlyList<QualityDimensionRow> rows, QubaResult quba, QualityReport report, RuntimeInfo runtime, Dataset test, string weightsPath, TextWriter stdout)
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
