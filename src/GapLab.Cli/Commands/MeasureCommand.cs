using System.CommandLine;
using System.Globalization;
using TorchSharp;
using System.Text.Json;
using GapLab.Data;
using GapLab.Jobs;
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

    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var options = new JobOptions(MeasureJob.Parameters);
        var format = OutputFormat.Create();
        var cmd = new Command("measure", "Compute the complexity measures (norms, margins, PAC-Bayes flatness, sharpness, PGDL baselines) of one trained model.");
        options.AddTo(cmd);
        cmd.Options.Add(format);
        // Task.Run: System.CommandLine installs its Ctrl+C/SIGTERM handler (which cancels ct) only once the action has returned its task
        cmd.SetAction((parse, ct) => Task.Run(() => GapLabCli.Guard(stderr, () =>
        {
            string fmt = OutputFormat.Read(parse, format);
            var args = options.Bind(parse);
            var measureOptions = MeasureJob.Options(args);
            long? trainSize = args.Integer("--train-size");
            string weightsPath = args.Text("--weights")!;
            string? initPath = args.Text("--init");
            if (initPath is not null && !File.Exists(initPath)) throw new FileNotFoundException($"Initial weights file '{initPath}' does not exist.", initPath);

            TorchRuntime.EnsureLoaded();
            string deviceName = args.Text("--device")!;
            var torchDevice = TorchEnvironment.ResolveDevice(deviceName);
            string? dir = args.Text("--data");
            string datasetName = args.Text("--dataset") ?? (string.IsNullOrEmpty(dir) ? EmbeddedFashionMnist.Name : "fashion-mnist");
            var train = DatasetCatalog.Load(datasetName, dir).Train;
            if (trainSize is long n) { if (n < train.Count) train = Subsample.Stratified(train, (int)n, (int)measureOptions.Seed); }
            else if (TrainingSubset.FromMetadata(Safetensors.ReadMetadata(weightsPath)) is { } subset && subset.Size < train.Count)
            {
                train = Subsample.Stratified(train, subset.Size, subset.Seed);
                stderr.WriteLine($"training subset from the weights' metadata: {subset.Size} images, seed {subset.Seed} (--train-size overrides)");
            }

            using var model = LoadModel(weightsPath, args.Text("--arch"), train);
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
                var values = MeasureJob.Run(model.Module, initTensors, train, measureOptions, progress, ct);
                stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"measure: {values.Count} measures in {clock.Elapsed.TotalSeconds:F0} s"));
                Write(stdout, fmt, model, train, values);
                if (args.Text("--store") is { } storeDir)
                {
                    string? runId = Safetensors.ReadMetadata(weightsPath).GetValueOrDefault("gaplab.run_id");
                    var file = MeasureJob.Append(storeDir, TorchEnvironment.Current(deviceName, measureOptions.Seed), GapLabCli.CommandLine(parse), measureOptions,
                        runId, model.Spec, Path.GetFullPath(weightsPath), train, values);
                    stderr.WriteLine($"{values.Count} measures appended to {file}");
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
