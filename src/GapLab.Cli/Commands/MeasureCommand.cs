using System.CommandLine;
using System.Globalization;
using TorchSharp;
using System.Text.Json;
using GapLab.Data;
using GapLab.Metrics.Complexity;
using GapLab.Models;
using GapLab.Runtime;
using GapLab.Store;
using GapLab.Weights;
using Spectre.Console;

namespace GapLab.Cli.Commands;

/// <summary>
/// <c>gaplab measure</c>: every complexity measure (spec metrics.md section 2) of one saved model, as csv, json or a table.
/// The architecture and input shape come from the safetensors metadata unless <c>--arch</c> overrides them.
/// </summary>
internal static class MeasureCommand
{
    static readonly string[] Formats = ["table", "csv", "json"];

    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var weights = new Option<string>("--weights") { Description = "Trained weights (.safetensors saved by gaplab run, with gaplab.spec/gaplab.input metadata).", Required = true };
        var arch = new Option<string?>("--arch") { Description = "Model spec (e.g. cnn:blocks=2,bn=true) overriding the one in the weights' metadata." };
        var init = new Option<string?>("--init") { Description = "Initial weights (.safetensors, e.g. DIR/models/X.init.safetensors) for the distance-from-initialisation measures." };
        var dataset = new Option<string?>("--dataset") { Description = $"Training dataset ({string.Join(", ", DatasetCatalog.Names.Select(e => e.Name))}); default: the embedded Fashion-MNIST subset." };
        var data = new Option<string?>("--data") { Description = "Dataset folder; alone it means the full Fashion-MNIST there." };
        var trainSize = new Option<int?>("--train-size") { Description = "Use a stratified subset of N training images (seeded by --seed). Default: the subset (size, seed) the model was trained on, from the weights' metadata; else the whole training set." };
        var measures = new Option<string>("--measures")
        {
            Description = "cheap (default: norms, margins, path norm, PGDL baselines, WeightWatcher; seconds), all (adds the PAC-Bayes and " +
                          "sharpness searches and the training-trace measures: minutes for an MLP, tens of minutes for a CNN on 2 cores), " +
                          "or comma-separated measure names.",
            DefaultValueFactory = _ => "cheap",
        };
        var format = new Option<string>("--format") { Description = "table | csv | json", DefaultValueFactory = _ => "table" };
        var device = new Option<string>("--device") { Description = "auto | cpu | cuda | cuda:N", DefaultValueFactory = _ => "auto" };
        var seed = new Option<int>("--seed") { Description = "Seed of the perturbation searches and of the --train-size subset.", DefaultValueFactory = _ => 0 };
        var examples = new Option<int>("--examples") { Description = "Training examples per accuracy evaluation of the perturbation searches (0 = all).", DefaultValueFactory = _ => new MeasureOptions().PerturbationExamples };
        var draws = new Option<int>("--draws") { Description = "Monte-Carlo draws per PAC-Bayes sigma candidate.", DefaultValueFactory = _ => new MeasureOptions().MonteCarloDraws };
        var depth = new Option<int>("--depth") { Description = "Binary-search depth of the PAC-Bayes sigma searches.", DefaultValueFactory = _ => new MeasureOptions().SearchDepth };
        var pathSqrt = new Option<bool>("--path-norm-sqrt") { Description = "Report PATH_NORM as sqrt(sum) instead of the sum (reference)." };
        var quirks = new Option<bool>("--reference-quirks") { Description = "Reproduce the reference code's variance-as-std magnitude-aware noise and its (w-w0)^2 denominators in PACBAYES_MAG_INIT/ORIG." };
        var magDenominator = new Option<string?>("--pac-bayes-mag-denominator") { Description = "posterior (eps^2 + sigma^2 w^2, the search's noise variance; default) | difference (eps^2 + sigma^2 (w-w0)^2, the reference code's; default with --reference-quirks): the denominator of PACBAYES_MAG_INIT and PACBAYES_MAG_ORIG." };
        var fftInputSize = new Option<string>("--fft-input-size") { Description = "layer (default: each conv's own input size, the exact operator norm) | dataset (the dataset's H x W for every conv, Dziugaite et al.'s code): the input size of the *_FFT spectral norms.", DefaultValueFactory = _ => "layer" };
        var sharpnessSearch = new Option<string>("--sharpness-search") { Description = "log (default: bracket from alpha=1 by x4 within [1e-6, 16], then geometric bisection; resolution relative to alpha') | linear (FAIR's bisection on [0, 2]; absolute resolution 2/2^depth).", DefaultValueFactory = _ => "log" };
        var store = StoreCommand.AppendOption();
        var cmd = new Command("measure", "Compute the complexity measures (norms, margins, PAC-Bayes flatness, sharpness, PGDL baselines) of one trained model.");
        foreach (var o in new Option[] { weights, arch, init, dataset, data, trainSize, measures, format, device, seed, examples, draws, depth, pathSqrt, quirks, magDenominator, sharpnessSearch, fftInputSize, store })
            cmd.Options.Add(o);
        // Task.Run: System.CommandLine installs its Ctrl+C/SIGTERM handler (which cancels ct) only once the action has returned its task
        cmd.SetAction((parse, ct) => Task.Run(() => GapLabCli.Guard(stderr, () =>
        {
            string fmt = parse.GetValue(format)!.Trim().ToLowerInvariant();
            if (!Formats.Contains(fmt)) throw new ArgumentException($"--format '{parse.GetValue(format)}' is not supported: use {string.Join(", ", Formats)}.");
            if (parse.GetValue(trainSize) is < 1) throw new ArgumentException($"--train-size must be >= 1, got {parse.GetValue(trainSize)}.");
            var options = new MeasureOptions
            {
                Measures = parse.GetValue(measures)!,
                Seed = parse.GetValue(seed),
                PerturbationExamples = parse.GetValue(examples),
                MonteCarloDraws = parse.GetValue(draws),
                SearchDepth = parse.GetValue(depth),
                PathNormSqrt = parse.GetValue(pathSqrt),
                ReferenceQuirks = parse.GetValue(quirks),
                PacBayesMagDenominatorChoice = parse.GetValue(magDenominator),
                SharpnessSearch = parse.GetValue(sharpnessSearch)!,
                FftInputSize = parse.GetValue(fftInputSize)!,
            };
            options.Validate();
            MeasureCatalog.Select(options.Measures); // unknown names fail before anything is loaded
            string weightsPath = parse.GetValue(weights)!;
            string? initPath = parse.GetValue(init);
            if (initPath is not null && !File.Exists(initPath)) throw new FileNotFoundException($"Initial weights file '{initPath}' does not exist.", initPath);

            TorchRuntime.EnsureLoaded();
            var torchDevice = TorchEnvironment.ResolveDevice(parse.GetValue(device)!);
            string? dir = parse.GetValue(data);
            string datasetName = parse.GetValue(dataset) ?? (string.IsNullOrEmpty(dir) ? EmbeddedFashionMnist.Name : "fashion-mnist");
            var train = DatasetCatalog.Load(datasetName, dir).Train;
            if (parse.GetValue(trainSize) is int n) { if (n < train.Count) train = Subsample.Stratified(train, n, parse.GetValue(seed)); }
            else if (TrainingSubset.FromMetadata(Safetensors.ReadMetadata(weightsPath)) is { } subset && subset.Size < train.Count)
            {
                train = Subsample.Stratified(train, subset.Size, subset.Seed);
                stderr.WriteLine($"training subset from the weights' metadata: {subset.Size} images, seed {subset.Seed} (--train-size overrides)");
            }

            using var model = LoadModel(weightsPath, parse.GetValue(arch), train);
            ModelWeights.RequireFinite(model.Module, $"'{weightsPath}'");
            model.Module.to(torchDevice);
            Dictionary<string, TorchSharp.torch.Tensor>? initTensors = null;
            try
            {
                if (initPath is not null) initTensors = Safetensors.Load(initPath).Tensors;
                var clock = System.Diagnostics.Stopwatch.StartNew();
                // one line per stage on stderr, terminal or not, so a long measurement shows where it is
                var progress = new InlineProgress<MeasureProgress>(p => { if (p.Done < p.Total) stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"measure: [{p.Done + 1}/{p.Total}] {p.Stage} ({clock.Elapsed.TotalSeconds:F0} s)")); });
                var values = ComplexityMeasures.Compute(model.Module, initTensors, train, options, progress, ct);
                stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"measure: {values.Count} measures in {clock.Elapsed.TotalSeconds:F0} s"));
                if (options.Measures.Trim() is var sel && (sel.Equals("all", StringComparison.OrdinalIgnoreCase) || sel.Equals("cheap", StringComparison.OrdinalIgnoreCase)))
                    values = values.Concat(GapLab.Metrics.WeightWatcher.WeightWatcherMeasures.Compute(model.Module)).ToArray();
                Write(stdout, fmt, model, train, values);
                if (parse.GetValue(store) is { } storeDir)
                {
                    var session = StoreSession.Start("measure", TorchEnvironment.Current(parse.GetValue(device)!, parse.GetValue(seed)), GapLabCli.CommandLine(parse),
                        $"seed={parse.GetValue(seed)}", [(train.Name, train.Fingerprint)]);
                    string? runId = Safetensors.ReadMetadata(weightsPath).GetValueOrDefault("gaplab.run_id");
                    var rows = values.Select(v => new MeasureRow(runId, model.Spec, Path.GetFullPath(weightsPath), train.Name, train.Fingerprint, train.Count,
                        v.Name, v.Value, v.RawValue, v.Cost, v.Notes)).ToList();
                    var results = ResultStore.OpenOrCreate(storeDir);
                    results.Append(session, rows);
                    stderr.WriteLine($"{rows.Count} measures appended to {results.FilePath}");
                }
            }
            finally
            {
                foreach (var t in initTensors?.Values ?? Enumerable.Empty<TorchSharp.torch.Tensor>()) t.Dispose();
            }
            return ct.IsCancellationRequested ? GapLabCli.ExitFailed : GapLabCli.ExitOk;
        })));
        return cmd;
    }

    static BuiltModel LoadModel(string path, string? arch, Dataset train)
    {
        var input = InputShape.Of(train);
        if (arch is null)
        {
            var model = ModelWeights.LoadModel(path);
            if (model.Input != input)
            {
                model.Dispose();
                throw new ArgumentException($"Weights '{path}' were saved for input {model.Input}, but dataset '{train.Name}' gives {input}; pass the dataset the model was trained on.");
            }
            return model;
        }
        var built = ModelRegistry.Create(arch, input);
        try { ModelWeights.Load(built.Module, path, strict: true); }
        catch { built.Dispose(); throw; }
        return built;
    }

    static void Write(TextWriter stdout, string format, BuiltModel model, Dataset train, IReadOnlyList<MeasureValue> values)
    {
        switch (format)
        {
            case "csv":
                stdout.WriteLine("measure,value,raw_value,at_bound,cost,notes");
                foreach (var v in values)
                    stdout.WriteLine(string.Join(",", v.Name, Number(v.Value), Number(v.RawValue), v.AtBound ? "true" : "false", v.Cost, Quote(v.Notes)));
                break;
            case "json":
                var doc = new
                {
                    model = model.Spec,
                    input = model.Input.ToString(),
                    dataset = train.Name,
                    train_size = train.Count,
                    measures = values.Select(v => new { name = v.Name, value = JsonNumber(v.Value), raw_value = JsonNumber(v.RawValue), at_bound = v.AtBound, cost = v.Cost, notes = v.Notes }),
                };
                stdout.WriteLine(JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true }));
                break;
            default:
                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout) });
                if (Console.IsOutputRedirected || stdout != Console.Out) console.Profile.Width = 200;
                console.MarkupLine($"[bold]{Markup.Escape(model.Spec)}[/] on [blue]{Markup.Escape(train.Name)}[/] (m = {train.Count})");
                var table = new Table().Border(TableBorder.Rounded);
                table.AddColumn("measure");
                table.AddColumn(new TableColumn("value").RightAligned());
                table.AddColumn(new TableColumn("raw").RightAligned());
                table.AddColumn("cost");
                table.AddColumn("notes");
                foreach (var v in values)
                    table.AddRow(Markup.Escape(v.Name), Number(v.Value) + (v.AtBound ? " (bound)" : ""), Number(v.RawValue), v.Cost, Markup.Escape(v.Notes));
                console.Write(table);
                break;
        }
    }

    static string Number(double v) => double.IsNaN(v) ? "NaN" : v.ToString("R", CultureInfo.InvariantCulture);

    static double? JsonNumber(double v) => double.IsFinite(v) ? v : null;

    static string Quote(string s) => s.IndexOfAny([',', '"', '\n']) < 0 ? s : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
