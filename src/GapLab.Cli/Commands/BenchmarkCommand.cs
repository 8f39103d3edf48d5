using System.CommandLine;
using System.Globalization;
using GapLab.Analysis;
using GapLab.Benchmarking;
using GapLab.Runtime;
using GapLab.Store;
using GapLab.IO;

namespace GapLab.Cli.Commands;

/// <summary>
/// <c>gaplab benchmark create|list|show|run|compare|drops|dashboard</c>: named, versioned benchmarks in the result store, re-evaluated over time,
/// compared with paired intervals and verdicts (compare exits with 1 on a regression beyond the protocol's tolerance).
/// </summary>
internal static class BenchmarkCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var cmd = new Command("benchmark", "Benchmarks that live over time: versioned evaluation protocols over stored models, re-run on new data, compared with intervals and verdicts.");
        cmd.Subcommands.Add(Create(stdout, stderr));
        cmd.Subcommands.Add(List(stdout, stderr));
        cmd.Subcommands.Add(Show(stdout, stderr));
        cmd.Subcommands.Add(RunCmd(stdout, stderr));
        cmd.Subcommands.Add(Compare(stdout, stderr));
        cmd.Subcommands.Add(Drops(stdout, stderr));
        cmd.Subcommands.Add(Dashboard(stdout, stderr));
        return cmd;
    }

    static Option<string> StoreDir() => new("--store") { Description = $"Folder holding {ResultStore.FileName} with the models' runs (the --out of gaplab run).", DefaultValueFactory = _ => "runs" };
    static Argument<string> Name() => new("NAME") { Description = "The benchmark's name." };
    static Option<string> Format() => new("--format") { Description = "table | csv | json", DefaultValueFactory = _ => "table" };

    static string CheckFormat(string f) => f.Trim().ToLowerInvariant() is var x && x is "table" or "csv" or "json" ? x : throw new ArgumentException($"--format '{f}': use table, csv or json.");

    static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var name = Name();
        var from = new Option<string>("--from") { Description = $"Protocol JSON file or built-in benchmark ({string.Join(", ", BuiltInBenchmarks.All.Select(b => b.Name))}).", Required = true };
        var data = new Option<string?>("--data") { Description = "Folder of the protocol's dataset when it is read from files (for its test fingerprint)." };
        var store = StoreDir();
        var cmd = new Command("create", "Create a benchmark, or a new version of it when the protocol changed; covers the protocol's suite runs and models.");
        cmd.Arguments.Add(name);
        foreach (var o in new Option[] { from, data, store }) cmd.Options.Add(o);
        cmd.SetAction((parse, _) => Task.FromResult(GapLabCli.Guard(stderr, () =>
        {
            var result = new BenchmarkCreateRequest
            {
                StoreDir = parse.GetValue(store)!, Name = parse.GetValue(name)!, From = parse.GetValue(from)!, DataDir = parse.GetValue(data),
                CommandLine = GapLabCli.CommandLine(parse),
            }.Run();
            var (row, protocol) = (result.Version.Row, result.Version.Protocol);
            stdout.WriteLine(result.NewVersion
                ? $"benchmark '{row.Benchmark}' version {row.Version} (protocol {row.ProtocolHash[..12]}) created in {result.StorePath}"
                : $"benchmark '{row.Benchmark}' version {row.Version} unchanged (same protocol)");
            stdout.WriteLine($"models: {result.Models} ({result.ModelsAdded.Count} added); test sets: {string.Join(", ", protocol.TestSets())}");
            return GapLabCli.ExitOk;
        })));
        return cmd;
    }

    static Command List(TextWriter stdout, TextWriter stderr)
    {
        var store = StoreDir();
        var format = Format();
        var cmd = new Command("list", "List the store's benchmarks: latest version, models, evaluations.");
        cmd.Options.Add(store);
        cmd.Options.Add(format);
        cmd.SetAction((parse, _) => Task.FromResult(GapLabCli.Guard(stderr, () =>
        {
            StoreCommand.Write(stdout, CheckFormat(parse.GetValue(format)!), new BenchmarkRegistry(ResultStore.Open(parse.GetValue(store)!)).List());
            return GapLabCli.ExitOk;
        })));
        return cmd;
    }

    static Command Show(TextWriter stdout, TextWriter stderr)
    {
        var name = Name();
        var store = StoreDir();
        var cmd = new Command("show", "Show a benchmark: its protocol (latest version), versions, models and evaluations.");
        cmd.Arguments.Add(name);
        cmd.Options.Add(store);
        cmd.SetAction((parse, _) => Task.FromResult(GapLabCli.Guard(stderr, () =>
        {
            var registry = new BenchmarkRegistry(ResultStore.Open(parse.GetValue(store)!));
            string n = parse.GetValue(name)!;
            var latest = registry.Require(n);
            stdout.WriteLine($"benchmark '{n}' version {latest.Row.Version} (protocol {latest.Row.ProtocolHash[..12]}, created {latest.Row.CreatedUtc:yyyy-MM-dd HH:mm:ss} UTC)");
            stdout.WriteLine(latest.Protocol.ToJson());
            stdout.WriteLine($"versions: {string.Join(", ", registry.Versions(n).Select(v => $"v{v.Row.Version} {v.Row.ProtocolHash[..12]} {v.Row.CreatedUtc:yyyy-MM-dd HH:mm}"))}");
            stdout.WriteLine($"models: {string.Join(", ", registry.Models(n))}");
            stdout.WriteLine("evaluations:");
            StoreCommand.Write(stdout, "table", RecordFrame.ToDataFrame(registry.Evaluations(n)));
            return GapLabCli.ExitOk;
        })));
        return cmd;
    }

    static Command RunCmd(TextWriter stdout, TextWriter stderr)
    {
        var name = Name();
        var store = StoreDir();
        var dataset = new Option<string?>("--dataset") { Description = "Dataset of the new data version (default: the protocol's)." };
        var data = new Option<string?>("--data") { Description = "Folder of the new data version (IDX/CIFAR files)." };
        var shift = new Option<string?>("--data-shift") { Description = $"Apply a domain shift to the test set as the new data version: {string.Join(", ", Quality.DomainShift.Forms)}." };
        var label = new Option<string?>("--label") { Description = "A name for this data version (default: dataset, folder or shift)." };
        var models = new Option<string?>("--models") { Description = "Comma-separated run ids of the store to add to the benchmark before evaluating (newly trained models)." };
        var reference = new Option<string?>("--reference") { Description = "Evaluation whose data the data checks compare against (default: the first completed one)." };
        var shard = new Option<string?>("--shard") { Description = "i/N: evaluate every N-th model (the i-th, (i+N)-th, ...) as part i of one evaluation shared by N shards; " +
            "run them at once on this store, or on copies of the store folder joined with 'gaplab merge COPY1 COPY2 --out STORE'." };
        var evalId = new Option<string?>("--eval-id") { Description = "Id of the evaluation to start, resume or complete (default: a new dated id; with --shard, one derived from the benchmark version, the data and N)." };
        var device = new Option<string>("--device") { Description = "auto | cpu | cuda | cuda:N", DefaultValueFactory = _ => "auto" };
        var threads = new Option<int>("--threads") { Description = "Intra-op CPU threads (0 = libtorch default).", DefaultValueFactory = _ => 0 };
        var cmd = new Command("run", "Evaluate the benchmark's models on the current or a new data version and append a dated evaluation with data checks. " +
            "Ctrl+C stops after the current model x test set; running the same command again resumes.");
        cmd.Arguments.Add(name);
        foreach (var o in new Option[] { store, dataset, data, shift, label, models, reference, shard, evalId, device, threads }) cmd.Options.Add(o);
        cmd.SetAction((parse, ct) => Task.Run(() => GapLabCli.Guard(stderr, () =>
        {
            var request = new BenchmarkRunRequest
            {
                StoreDir = parse.GetValue(store)!,
                Benchmark = parse.GetValue(name)!,
                Dataset = parse.GetValue(dataset),
                DataDir = parse.GetValue(data),
                DataShift = parse.GetValue(shift),
                DataLabel = parse.GetValue(label),
                AddModels = parse.GetValue(models)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [],
                ReferenceEvalId = parse.GetValue(reference),
                Shard = parse.GetValue(shard) is { } sh ? Suites.SuiteShard.Parse(sh) : null,
                EvalId = parse.GetValue(evalId),
                Torch = new TorchSettings(parse.GetValue(device)!, parse.GetValue(threads), 0),
                CommandLine = GapLabCli.CommandLine(parse),
            };
            var result = BenchmarkRunner.Run(request, new SyncProgress(stderr), ct);
            var e = result.Evaluation;
            if (result.Cancelled)
            {
                stderr.WriteLine($"gaplab: cancelled; evaluation {e.EvalId} keeps {result.UnitsEvaluated} new model x test set result(s). Run the same command again to resume.");
                return GapLabCli.ExitFailed;
            }
            stdout.WriteLine($"evaluation {e.EvalId}{(e.Shard.Length > 0 ? $" shard {e.Shard}" : "")} of '{e.Benchmark}' v{e.Version} on {e.DataLabel} (test {e.TestFingerprint[..12]}): {result.UnitsEvaluated} evaluated" +
                (result.Resumed ? $", {result.UnitsSkipped} kept from {(result.UnitsEvaluated == 0 && !result.Cancelled ? "the completed run (nothing to do)" : "the interrupted run")}" : ""));
            if (result.DataChecks.Count > 0)
            {
                stdout.WriteLine("data checks:");
                StoreCommand.Write(stdout, "table", RecordFrame.ToDataFrame(result.DataChecks.Select(c => new { c.CheckName, c.Scope, c.Statistic, c.PValue, c.Count })));
            }
            return GapLabCli.ExitOk;
        })));
        return cmd;
    }

    /// <summary>Progress lines written as they come (Progress&lt;T&gt; would post them to the thread pool, out of order).</summary>
    sealed class SyncProgress(TextWriter stderr) : IProgress<BenchmarkProgress>
    {
        public void Report(BenchmarkProgress p) => stderr.WriteLine($"[{p.Done}/{p.Total}] {p.Stage}");
    }

    static Command Compare(TextWriter stdout, TextWriter stderr)
    {
        var name = Name();
        var store = StoreDir();
        var baseline = new Option<string?>("--baseline") { Description = "Baseline evaluation id (default: the completed evaluation before the current one)." };
        var current = new Option<string?>("--current") { Description = "Current evaluation id (default: the latest completed)." };
        var format = Format();
        var cmd = new Command("compare", "Per model and metric: change vs the baseline with a paired 95% interval (bootstrap over test images; McNemar for accuracy) " +
            "and a verdict. Exit code 1 when a regression beyond the protocol's tolerance is found.");
        cmd.Arguments.Add(name);
        foreach (var o in new Option[] { store, baseline, current, format }) cmd.Options.Add(o);
        cmd.SetAction((parse, _) => Task.FromResult(GapLabCli.Guard(stderr, () =>
        {
            string fmt = CheckFormat(parse.GetValue(format)!);
            var comparison = BenchmarkComparer.Run(new BenchmarkCompareRequest
            {
                StoreDir = parse.GetValue(store)!,
                Benchmark = parse.GetValue(name)!,
                BaselineEvalId = parse.GetValue(baseline),
                CurrentEvalId = parse.GetValue(current),
            });
            var (b, c) = (comparison.Baseline, comparison.Current);
            if (fmt == "table")
                stdout.WriteLine($"'{comparison.Benchmark.Row.Benchmark}': baseline {b.EvalId} ({b.DataLabel}) -> current {c.EvalId} ({c.DataLabel}); " +
                    $"{(comparison.Paired ? "paired over the same test images" : "unpaired")}, {comparison.Benchmark.Protocol.Confidence:P0} intervals, tolerance {comparison.Benchmark.Protocol.Tolerance}");
            StoreCommand.Write(stdout, fmt, RecordFrame.ToDataFrame(comparison.Changes.Select(m => new
            {
                m.RunId, m.Metric, m.Baseline, m.Current, m.Delta, m.Low, m.High, m.PValue, m.Verdict, m.BeyondTolerance, m.Test,
            })));
            if (fmt == "table")
            {
                foreach (var worst in comparison.Classes.Where(k => k.Worst))
                    stdout.WriteLine($"worst class of {worst.RunId} in {c.EvalId}: {worst.ClassName} (accuracy {worst.Accuracy:F3}, ECE {worst.CalibrationError:F3}, {worst.Images} images)");
                if (comparison.Seeds.Any(k => k.Seeds > 1))
                {
                    stdout.WriteLine($"over the seeds of each configuration in {c.EvalId} (best, median, worst):");
                    StoreCommand.Write(stdout, "table", RecordFrame.ToDataFrame(comparison.Seeds.Where(k => k.Seeds > 1)
                        .Select(k => new { k.Configuration, k.Metric, k.Seeds, k.Best, k.Median, k.Worst })));
                }
                foreach (var n in comparison.Notes) stdout.WriteLine($"note: {n}");
            }
            var failing = comparison.FailingRegressions;
            if (failing.Count > 0)
            {
                stderr.WriteLine($"gaplab: {failing.Count} regression(s) beyond the tolerance {comparison.Benchmark.Protocol.Tolerance}: " +
                    string.Join("; ", failing.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.RunId} {f.Metric} {f.Delta:+0.0000;-0.0000}"))));
                return GapLabCli.ExitFailed;
            }
            return GapLabCli.ExitOk;
        })));
        return cmd;
    }

    static Command Drops(TextWriter stdout, TextWriter stderr)
    {
        var name = Name();
        var store = StoreDir();
        var format = Format();
        var cmd = new Command("drops", "Per completed evaluation, model and corruption: the severity at which accuracy falls 0.1 below clean, " +
            "with its bootstrap interval over test images (empty: beyond the protocol's severities).");
        cmd.Arguments.Add(name);
        foreach (var o in new Option[] { store, format }) cmd.Options.Add(o);
        cmd.SetAction((parse, _) => Task.FromResult(GapLabCli.Guard(stderr, () =>
        {
            string fmt = CheckFormat(parse.GetValue(format)!);
            var history = BenchmarkHistory.Compute(ResultStore.Open(parse.GetValue(store)!), parse.GetValue(name)!);
            StoreCommand.Write(stdout, fmt, RecordFrame.ToDataFrame(history.DropThresholds.Select(d => new
            {
                d.EvalId, d.DataLabel, d.RunId, d.Corruption, d.Drop, d.Severity, d.Low, d.High, d.Unreached, d.Resamples, d.Seed, d.Confidence,
            })));
            return GapLabCli.ExitOk;
        })));
        return cmd;
    }

    static Command Dashboard(TextWriter stdout, TextWriter stderr)
    {
        var name = Name();
        var store = StoreDir();
        var output = new Option<string?>("--out") { Description = "HTML file to write (default: STORE/benchmark-NAME.html)." };
        var cmd = new Command("dashboard", "Write an offline HTML page: every metric over the evaluations with intervals, regressions highlighted, data checks, provenance.");
        cmd.Arguments.Add(name);
        cmd.Options.Add(store);
        cmd.Options.Add(output);
        cmd.SetAction((parse, _) => Task.FromResult(GapLabCli.Guard(stderr, () =>
        {
            string n = parse.GetValue(name)!, dir = parse.GetValue(store)!;
            string path = parse.GetValue(output) ?? Path.Combine(dir, $"benchmark-{n}.html");
            var written = GapLab.Interactive.Reports.BenchmarkDashboard.Write(ResultStore.Open(dir), n, path, GapLabCli.CommandLine(parse));
            stdout.WriteLine(written);
            return GapLabCli.ExitOk;
        })));
        return cmd;
    }
}
