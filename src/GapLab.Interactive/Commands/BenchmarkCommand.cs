using GapLab.Analysis;
using GapLab.Benchmarking;
using GapLab.Interactive.Magic;
using GapLab.Interactive.Reports;
using GapLab.Runtime;
using GapLab.Store;
using GapLab.Suites;
using GapLab.IO;

namespace GapLab.Interactive.Commands;

/// <summary>
/// <c>#!gaplab benchmark --action create|list|show|run|compare|classes|seeds|history|drops|chart|checks|images|dashboard [--name NAME] [--store DIR] ...</c>: the
/// notebook face of <c>gaplab benchmark</c>. Every action builds the same Core request as the CLI (<see cref="BenchmarkCreateRequest"/>,
/// <see cref="BenchmarkRunRequest"/>, <see cref="BenchmarkCompareRequest"/>, <see cref="BenchmarkHistory"/>) and returns a DataFrame, a chart
/// (<c>chart</c>), the images behind a data check (<c>images</c>) or the written dashboard (<c>dashboard</c>). A regression does not fail the cell (the CLI's compare exits with 1): the
/// returned frame's verdict and beyond_tolerance columns say it.
/// </summary>
public static class BenchmarkCommand
{
    /// <summary>Each action and the parameters it reads (besides --action, --store, --as and --with).</summary>
    static readonly Dictionary<string, string[]> Actions = new(StringComparer.Ordinal)
    {
        ["create"] = ["--name", "--from", "--data"],
        ["list"] = [],
        ["show"] = ["--name"],
        ["run"] = ["--name", "--data", "--dataset", "--data-shift", "--label", "--models", "--reference", "--shard", "--eval-id", "--device", "--threads"],
        ["compare"] = ["--name", "--baseline", "--current"],
        ["classes"] = ["--name", "--baseline", "--current"],
        ["seeds"] = ["--name", "--baseline", "--current"],
        ["history"] = ["--name"],
        ["drops"] = ["--name"],
        ["chart"] = ["--name", "--metric"],
        ["checks"] = ["--name", "--eval-id"],
        ["images"] = ["--name", "--eval-id", "--check"],
        ["dashboard"] = ["--name", "--out"],
    };

    static readonly string[] Common = ["--action", "--store", "--as", MagicSettings.ParameterName];

    /// <summary>The data checks whose images are stored (<see cref="BenchmarkFlaggedImageRow"/>).</summary>
    static readonly string[] FlaggedChecks = ["label_noise", "near_duplicates", "exact_duplicates", "feature_drift"];

    /// <summary>At most this many images (label noise) or image pairs (duplicates) are returned as a tensor.</summary>
    public const int MaxImages = BenchmarkImages.MaxImages, MaxPairs = BenchmarkImages.MaxPairs;

    public static MagicCommandDescriptor Descriptor { get; } = new(
        "benchmark",
        "Benchmarks over time: create a versioned benchmark over stored models, run it on a data version, compare two evaluations " +
        "(paired intervals and verdicts), list its history, chart a metric over the evaluations, show data checks and the images behind them, write the dashboard.",
        [
            MagicParameterDescriptor.Choice("--action", "What to do: " + string.Join(", ", Actions.Keys) + ".", Actions.Keys.ToArray(), required: true),
            new("--name", "The benchmark's name (every action but list)."),
            new("--store", $"Folder holding {ResultStore.FileName} with the models' runs (the --out of #!gaplab run).", DefaultValue: "runs"),
            new("--from", $"create: a built-in benchmark ({string.Join(", ", BuiltInBenchmarks.All.Select(b => b.Name))}) or a protocol JSON file."),
            new("--data", "create, run: folder of the data version (IDX/CIFAR files)."),
            new("--dataset", "run: dataset of the new data version (default: the protocol's)."),
            new("--data-shift", $"run: a domain shift of the test set as the new data version: {string.Join(", ", Quality.DomainShift.Forms)}."),
            new("--label", "run: a name for this data version."),
            new("--models", "run: comma-separated run ids of the store to add before evaluating."),
            new("--reference", "run: the evaluation the data checks compare against (default: the first completed one)."),
            new("--shard", "run: i/N, evaluate every N-th model as part i of one evaluation shared by N shards."),
            new("--eval-id", "run: the evaluation to start or resume; checks, images: the evaluation (default: the latest completed)."),
            new("--baseline", "compare, classes, seeds: baseline evaluation (default: the one before the current)."),
            new("--current", "compare, classes, seeds: current evaluation (default: the latest completed)."),
            MagicParameterDescriptor.Choice("--check", "images: the data check whose images to show.", FlaggedChecks, defaultValue: "label_noise"),
            MagicParameterDescriptor.Choice("--metric", "chart: the metric to draw over the evaluations (drop_threshold: every corruption's).", BenchmarkMetrics.Names, defaultValue: "accuracy"),
            new("--out", "dashboard: the HTML file (default: STORE/benchmark-NAME.html)."),
            new("--device", "run: auto, cpu, cuda or cuda:N.", DefaultValue: "auto", Completions: () => ["auto", "cpu", "cuda", "cuda:0"]),
            new("--threads", "run: intra-op threads; 0 keeps libtorch's default.", DefaultValue: "0", Kind: MagicParameterKind.Integer),
            MagicParameterDescriptor.As("the result (DataFrame, chart or saved dashboard)"),
        ]);

    public static async Task<object?> HandleAsync(MagicArguments args, IMagicContext context)
    {
        string action = args.GetRequiredString("--action");
        var allowed = Actions[action];
        foreach (var n in args.Names)
        {
            if (Common.Contains(n) || allowed.Contains(n)) continue;
            if (args.Command.FindParameter(n)?.DefaultValue is { } fallback && args.GetString(n) == fallback) continue; // filled in by the validator
            throw new ArgumentException($"{n} does not apply to --action {action}; it takes {(allowed.Length == 0 ? "only --store" : string.Join(", ", allowed))}.");
        }
        string storeDir = args.GetRequiredString("--store");
        string Name() => args.GetString("--name") ?? throw new ArgumentException($"--action {action} needs --name (the benchmark's name).");
        string line = args.CommandLine;
        switch (action)
        {
            case "create":
            {
                var result = new BenchmarkCreateRequest
                {
                    StoreDir = storeDir, Name = Name(), From = args.GetString("--from") ?? throw new ArgumentException("--action create needs --from (a built-in benchmark or a protocol JSON file)."),
                    DataDir = args.GetString("--data"), CommandLine = line,
                }.Run();
                var (row, protocol) = (result.Version.Row, result.Version.Protocol);
                return RecordFrame.ToDataFrame(new[] { new
                {
                    row.Benchmark, row.Version, NewVersion = result.NewVersion, Protocol = row.ProtocolHash[..12], result.Models,
                    ModelsAdded = result.ModelsAdded.Count, TestSets = string.Join(", ", protocol.TestSets()), Store = result.StorePath,
                } });
            }
            case "list":
                return new BenchmarkRegistry(ResultStore.Open(storeDir)).List();
            case "show":
            {
                var registry = new BenchmarkRegistry(ResultStore.Open(storeDir));
                var latest = registry.Require(Name());
                context.Display($"benchmark '{latest.Row.Benchmark}' v{latest.Row.Version} (protocol {latest.Row.ProtocolHash[..12]}): {registry.Models(latest.Row.Benchmark).Count} model(s); " +
                    $"test sets {string.Join(", ", latest.Protocol.TestSets())}; tolerance {latest.Protocol.Tolerance}");
                return RecordFrame.ToDataFrame(registry.Evaluations(latest.Row.Benchmark));
            }
            case "run":
                return await Run(args, storeDir, Name(), line, context);
            case "classes":
                // per class of the current evaluation: accuracy and top-label ECE, the worst class of each model marked
                return RecordFrame.ToDataFrame(Compare(args, storeDir, Name()).Classes);
            case "seeds":
                // best, median and worst of every metric over the seeds of each configuration in the current evaluation
                return RecordFrame.ToDataFrame(Compare(args, storeDir, Name()).Seeds);
            case "compare":
            {
                var comparison = Compare(args, storeDir, Name());
                var failing = comparison.FailingRegressions;
                context.Display($"'{comparison.Benchmark.Row.Benchmark}': {comparison.Baseline.EvalId} ({comparison.Baseline.DataLabel}) -> {comparison.Current.EvalId} " +
                    $"({comparison.Current.DataLabel}), {(comparison.Paired ? "paired" : "unpaired")}: " +
                    (failing.Count == 0 ? "no regression beyond the tolerance" : $"{failing.Count} regression(s) beyond the tolerance {comparison.Benchmark.Protocol.Tolerance}") +
                    string.Concat(comparison.Notes.Select(n => $"; note: {n}")));
                return RecordFrame.ToDataFrame(comparison.Changes.Select(m => new
                {
                    m.RunId, m.Metric, m.Baseline, m.Current, m.Delta, m.Low, m.High, m.PValue, m.Verdict, m.BeyondTolerance, m.Test,
                }));
            }
            case "history":
                return RecordFrame.ToDataFrame(BenchmarkHistory.Compute(ResultStore.Open(storeDir), Name()).Points);
            case "drops":
                // per completed evaluation, model and corruption: the severity at which accuracy falls 0.1 below clean
                return RecordFrame.ToDataFrame(BenchmarkHistory.Compute(ResultStore.Open(storeDir), Name()).DropThresholds);
            case "chart":
                return Charts.BenchmarkSeries(BenchmarkHistory.Compute(ResultStore.Open(storeDir), Name()).Points, args.GetRequiredString("--metric"));
            case "checks":
            {
                var registry = new BenchmarkRegistry(ResultStore.Open(storeDir));
                return registry.DataChecks(Evaluation(registry, Name(), args.GetString("--eval-id")).EvalId);
            }
            case "images":
            {
                var registry = new BenchmarkRegistry(ResultStore.Open(storeDir));
                return Images(registry, Evaluation(registry, Name(), args.GetString("--eval-id")), args.GetRequiredString("--check"), context);
            }
            default: // dashboard
            {
                string name = Name();
                string path = args.GetString("--out") ?? Path.Combine(storeDir, $"benchmark-{name}.html");
                return BenchmarkDashboard.Save(ResultStore.Open(storeDir), name, path, line);
            }
        }
    }

    static async Task<object?> Run(MagicArguments args, string storeDir, string name, string line, IMagicContext context)
    {
        long threads = args.GetInt64("--threads")!.Value;
        if (threads is < 0 or > 1024) throw new ArgumentException($"--threads {threads} must be between 0 and 1024 (0 = libtorch default).");
        var request = new BenchmarkRunRequest
        {
            StoreDir = storeDir,
            Benchmark = name,
            Dataset = args.GetString("--dataset"),
            DataDir = args.GetString("--data"),
            DataShift = args.GetString("--data-shift"),
            DataLabel = args.GetString("--label"),
            AddModels = args.GetString("--models")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [],
            ReferenceEvalId = args.GetString("--reference"),
            Shard = args.GetString("--shard") is { } s ? SuiteShard.Parse(s) : null,
            EvalId = args.GetString("--eval-id"),
            Torch = new TorchSettings(args.GetRequiredString("--device"), (int)threads, 0),
            CommandLine = line,
        };
        string title = $"benchmark '{name}' on {request.DataShift ?? request.DataDir ?? request.Dataset ?? "its protocol's data"}";
        var display = new ThrottledDisplay(context, ProgressView.Starting(title));
        var result = await Task.Run(() => BenchmarkRunner.Run(request,
            new ProgressSink<BenchmarkProgress>(p => display.Update(new ProgressView(title, p.Stage, p.Total == 0 ? 0 : (double)p.Done / p.Total, $"{p.Done}/{p.Total}"), force: p.Done == p.Total)),
            context.CancellationToken));
        var e = result.Evaluation;
        display.Update(new ProgressView(title, result.Cancelled ? "cancelled" : "completed", result.Cancelled ? 0 : 1,
            $"evaluation {e.EvalId}{(e.Shard.Length > 0 ? $" shard {e.Shard}" : "")}: {result.UnitsEvaluated} model x test set(s) evaluated" +
            (result.Resumed ? $", {result.UnitsSkipped} kept" : "") + (result.Cancelled ? "; run the cell again to resume" : "")), force: true);
        if (result.Cancelled) throw new OperationCanceledException();
        return RecordFrame.ToDataFrame(result.DataChecks.Select(c => new { EvalId = e.EvalId, c.CheckName, c.Scope, c.Statistic, c.PValue, c.Count, c.ReferenceEvalId }));
    }

    static BenchmarkComparison Compare(MagicArguments args, string storeDir, string name) => BenchmarkComparer.Run(new BenchmarkCompareRequest
    {
        StoreDir = storeDir, Benchmark = name, BaselineEvalId = args.GetString("--baseline"), CurrentEvalId = args.GetString("--current"),
    });

    /// <summary>The evaluation named by <paramref name="evalId"/>, or the benchmark's latest completed one.</summary>
    static BenchmarkEvaluationRow Evaluation(BenchmarkRegistry registry, string name, string? evalId)
    {
        registry.Require(name);
        var evaluations = registry.Evaluations(name);
        if (evalId is not null)
            return evaluations.FirstOrDefault(e => e.EvalId == evalId)
                ?? throw new ArgumentException($"--eval-id: benchmark '{name}' has no evaluation '{evalId}'; it has {(evaluations.Count == 0 ? "none" : string.Join(", ", evaluations.Select(e => e.EvalId)))}.");
        return evaluations.LastOrDefault(e => e.Outcome() == BenchmarkStatus.Completed)
            ?? throw new ArgumentException($"benchmark '{name}' has no completed evaluation yet; run it with #!gaplab benchmark --action run --name {name}.");
    }

    /// <summary>The rows and images of a data check's flagged images (<see cref="BenchmarkImages.Load"/>); the (empty) rows when nothing was flagged.</summary>
    static object Images(BenchmarkRegistry registry, BenchmarkEvaluationRow evaluation, string check, IMagicContext context)
    {
        var rows = registry.FlaggedImages(evaluation.EvalId, check);
        if (rows.Rows.Count > 0) return BenchmarkImages.Load(registry, evaluation, check, rows);
        context.Display($"{check} flagged no image in evaluation {evaluation.EvalId} ({evaluation.DataLabel}).");
        return rows;
    }

}
