using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using GapLab.Analysis;
using GapLab.Data;
using GapLab.Quality;
using GapLab.Runtime;
using GapLab.Store;
using GapLab.Weights;
using Spectre.Console;
using TorchSharp;

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
        var weights = new Option<string>("--weights") { Description = "Model weights (.safetensors written by gaplab run, or any file with gaplab.spec metadata).", Required = true };
        var arch = new Option<string?>("--arch") { Description = "Model spec when the weights file does not record one (e.g. mlp:width=256)." };
        var dataset = new Option<string?>("--dataset") { Description = "Test data (default fashion-mnist-embedded)." };
        var data = new Option<string?>("--data") { Description = "Dataset folder (see gaplab run --help)." };
        var testSize = new Option<int>("--test-size") { Description = "Class-balanced subsample of the test set (default 0 = all; all 2,000 embedded images take under a minute on 2 idle CPU cores).", DefaultValueFactory = _ => 0 };
        var dims = new Option<string?>("--dimensions") { Description = "Comma-separated dimensions to report and score (default: all), e.g. accuracy,calibration_error." };
        var qubaWeights = new Option<string?>("--quba-weights") { Description = "Signed QUBA weights, e.g. accuracy=1,calibration_error=-1 (unnamed = 0; default: the paper's)." };
        var normalization = new Option<string>("--quba-normalization") { Description = "published (the paper's 282-model constants) | population (not meaningful for one model).", DefaultValueFactory = _ => "published" };
        var corruptions = new Option<string?>("--corruptions") { Description = $"Comma-separated corruptions (default all 15: {string.Join(", ", CorruptionCatalog.Names)})." };
        var eps = new Option<double>("--epsilon") { Description = "L-inf attack budget in [0,1] pixel space.", DefaultValueFactory = _ => 8.0 / 255 };
        var steps = new Option<int>("--pgd-steps") { Description = "PGD steps.", DefaultValueFactory = _ => 10 };
        var format = new Option<string>("--format") { Description = "table | csv | json", DefaultValueFactory = _ => "table" };
        var device = new Option<string>("--device") { Description = "auto | cpu | cuda | cuda:N", DefaultValueFactory = _ => "auto" };
        var threads = new Option<int>("--threads") { Description = "Intra-op CPU threads (0 = libtorch default).", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed for the corruptions and PGD random start.", DefaultValueFactory = _ => 0 };
        var store = StoreCommand.AppendOption();
        var cmd = new Command("quality", "Quality beyond accuracy: robustness, calibration, class balance, parameters and the QUBA score of one model.");
        foreach (var o in new Option[] { weights, arch, dataset, data, testSize, dims, qubaWeights, normalization, corruptions, eps, steps, format, device, threads, seed, store })
            cmd.Options.Add(o);
        cmd.SetAction((parse, ct) => Task.FromResult(GapLabCli.Guard(stderr, () =>
        {
            string fmt = parse.GetValue(format)!;
            if (fmt is not ("table" or "csv" or "json")) throw new ArgumentException($"--format '{fmt}': use table, csv or json.");
            string norm = parse.GetValue(normalization)!;
            if (norm is not ("published" or "population")) throw new ArgumentException($"--quba-normalization '{norm}': use published or population.");
            var selected = ParseDimensions(parse.GetValue(dims));
            var userWeights = parse.GetValue(qubaWeights) is { } w ? ParseWeights(w) : null;
            var corruptionNames = parse.GetValue(corruptions) is { } c ? SplitList(c) : CorruptionCatalog.Names;
            foreach (var name in corruptionNames)
                if (!CorruptionCatalog.Names.Contains(name))
                    throw new ArgumentException($"--corruptions: unknown corruption '{name}'; accepted: {string.Join(", ", CorruptionCatalog.Names)}.");
            string path = parse.GetValue(weights)!;
            if (!File.Exists(path)) throw new FileNotFoundException($"--weights: file '{path}' does not exist.", path);

            var runtime = TorchEnvironment.Apply(new TorchSettings(parse.GetValue(device)!, parse.GetValue(threads), parse.GetValue(seed)));
            var split = DatasetCatalog.Load(parse.GetValue(dataset) ?? EmbeddedFashionMnist.Name, parse.GetValue(data));
            var test = split.Test;
            int n = parse.GetValue(testSize);
            if (n < 0) throw new ArgumentException($"--test-size must be >= 0 (0 = all), got {n}.");
            if (n > 0 && n < test.Count) test = Subsample.Stratified(test, n, parse.GetValue(seed));
            using var model = parse.GetValue(arch) is { } spec
                ? LoadWithSpec(path, spec, test)
                : ModelWeights.LoadModel(path, Models.InputShape.Of(test));
            var dev = TorchEnvironment.ResolveDevice(parse.GetValue(device)!);
            model.Module.to(dev);
            var (x, y) = test.ToTensors(dev);
            using var xs = x;
            using var ys = y;
            var options = new QualityOptions
            {
                Pgd = new PgdOptions(Epsilon: parse.GetValue(eps), Steps: parse.GetValue(steps), Seed: parse.GetValue(seed)),
                Corruptions = corruptionNames,
                CorruptionSeed = parse.GetValue(seed),
                QubaNormalization = norm == "population" ? QubaNormalizationMode.Population : QubaNormalizationMode.Published,
            };
            ct.ThrowIfCancellationRequested();
            var report = QualityEvaluator.Evaluate(model.Spec, model.Module, xs, ys, options);
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
            if (parse.GetValue(store) is { } storeDir)
            {
                var session = StoreSession.Start("quality", runtime, GapLabCli.CommandLine(parse), $"seed={parse.GetValue(seed)}", [(test.Name, test.Fingerprint)]);
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
            return GapLabCli.ExitOk;
        })));
        return cmd;
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
                    dimensions = rows,
                    quba = new { score = quba.Score, weights = quba.WeightsName, normalization = quba.NormalizationSource },
                    temperature = report.TemperatureScaling.Temperature,
                    device = runtime.Device,
                    torchsharp = runtime.TorchSharpVersion,
                    libtorch = runtime.LibTorchVersion,
                }, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
                break;
            default:
                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout) });
                console.Profile.Width = Math.Max(console.Profile.Width, 160);
                console.MarkupLine($"[bold]{Markup.Escape(report.ModelName)}[/] on {Markup.Escape(test.Name)} ({report.SampleCount} images), device {Markup.Escape(runtime.Device)}");
                var t = new Table().Border(TableBorder.Rounded);
                foreach (var c in new[] { "dimension", "value", "direction", "z", "weight", "contribution", "method / why not measured" }) t.AddColumn(c);
                string F(double? v) => v is { } d ? d.ToString("0.0000", CultureInfo.InvariantCulture) : "-";
                foreach (var r in rows) t.AddRow(Markup.Escape(r.Dimension), F(r.Value), r.Direction, F(r.ZScore), F(r.Weight), F(r.Contribution), Markup.Escape(r.Method));
                console.Write(t);
                console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"QUBA [bold]{quba.Score:0.0000}[/] (weights {Markup.Escape(quba.WeightsName)}; normalisation {Markup.Escape(quba.NormalizationSource)})"));
                console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"temperature scaling: T = {report.TemperatureScaling.Temperature:0.000}"));
                break;
        }
    }
}
