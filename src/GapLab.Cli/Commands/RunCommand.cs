using GapLab.Analysis;
using System.CommandLine;
using System.Globalization;
using GapLab.Jobs;
using GapLab.Suites;
using GapLab.Training;
using Spectre.Console;
using GapLab.Store;

namespace GapLab.Cli.Commands;

/// <summary><c>gaplab run</c>: trains a suite (population of models), shows progress, prints the gap table and writes the result store and runs.csv.</summary>
internal static class RunCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var options = new JobOptions(RunJob.Parameters);
        var cmd = new Command("run", "Train a population of models and measure their generalization gaps (default: the embedded Fashion-MNIST suite).");
        options.AddTo(cmd);
        // Task.Run: System.CommandLine cancels ct on Ctrl+C only once the action has returned its task; the running model then
        // stops at its next batch, is recorded as cancelled, and the finished runs stay in the store for a resume
        cmd.SetAction((parse, ct) => Task.Run(() => GapLabCli.Guard(stderr, () =>
        {
            var (spec, runOptions) = RunJob.Request(options.Bind(parse), GapLabCli.CommandLine(parse));
            return Execute(spec, runOptions, stdout, stderr, ct);
        })));
        return cmd;
    }

    static int Execute(SuiteSpec spec, SuiteRunOptions options, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout) });
        if (Console.IsOutputRedirected || stdout != Console.Out) console.Profile.Width = 160; // logs and files: no wrapping at 80 columns
        var expanded = spec.Expand(options.SeedOffset, options.EpochsOverride);
        int all = expanded.Count;
        int total = options.Shard is { } sh ? sh.Select(expanded).Count : all;
        string part = options.Shard is { } s ? $" (shard {s} of {all} runs, in {options.StoreDir})" : "";
        console.MarkupLine($"[bold]gaplab run[/] suite [blue]{Markup.Escape(spec.Name)}[/]: {total} runs{Markup.Escape(part)}. {Markup.Escape(spec.Description)}");
        options = options with
        {
            OnFootprint = f =>
            {
                if (f.IsLarge) stderr.WriteLine($"gaplab: a large job: {f}.");
            },
            OnNotice = line => stderr.WriteLine($"gaplab: note: {line}"),
        };
        SuiteResult result;
        if (console.Profile.Capabilities.Interactive && !Console.IsOutputRedirected)
        {
            result = null!;
            console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    var overall = ctx.AddTask("suite", maxValue: total);
                    var current = ctx.AddTask("run", maxValue: 1);
                    result = SuiteRunner.Run(spec, options, new InlineProgress<SuiteProgress>(p =>
                    {
                        if (p.Finished is not null) { overall.Increment(1); return; }
                        if (p.Train is { } t)
                        {
                            current.Description = Markup.Escape($"{Short(p.RunId)} epoch {t.Epoch}/{t.Epochs} loss {t.Loss:F3} {t.ImagesPerSecond:F0} img/s");
                            current.MaxValue = Math.Max(1, t.Epochs * t.BatchesPerEpoch);
                            current.Value = Math.Min(current.MaxValue, (t.Epoch - 1) * t.BatchesPerEpoch + t.Batch);
                        }
                    }), ct);
                    overall.Value = overall.MaxValue;
                    current.Value = current.MaxValue;
                });
        }
        else
        {
            result = SuiteRunner.Run(spec, options, new InlineProgress<SuiteProgress>(p =>
            {
                if (p.Finished is { } r)
                    stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"[{p.RunIndex + 1}/{p.RunCount}] {r.RunId}: {r.Status}, train {r.TrainAcc:P1} test {r.TestAcc:P1} gap {SignedNumber.Format(r.AccGap, 3)} ({r.WallSeconds:F1}s)"));
            }), ct);
        }
        console.MarkupLine($"device [green]{Markup.Escape(result.Runtime.Device)}[/], {result.Runtime.Threads} threads, TorchSharp {result.Runtime.TorchSharpVersion}, libtorch {Markup.Escape(result.Runtime.LibTorchVersion)}");
        if (result.Skipped.Count > 0)
            console.MarkupLine($"[yellow]{result.Skipped.Count} run(s) already in {Markup.Escape(result.StorePath)} were skipped (use --fresh to retrain).[/]");
        console.Write(GapTable(result.Runs));
        console.MarkupLine($"runs: [blue]{Markup.Escape(result.RunsCsv)}[/]  epochs: [blue]{Markup.Escape(result.EpochsCsv)}[/]  store: [blue]{Markup.Escape(result.StorePath)}[/]");
        if (ct.IsCancellationRequested)
            stderr.WriteLine($"gaplab: cancelled; {result.Runs.Count(r => r.Outcome() != TrainStatus.Cancelled)} finished run(s) are in {result.StorePath}: run the same command again to resume.");
        bool failed = result.Runs.Any(r => r.Outcome() is TrainStatus.Diverged or TrainStatus.Cancelled) || ct.IsCancellationRequested;
        return failed ? GapLabCli.ExitFailed : GapLabCli.ExitOk;
    }

    static string Short(string id) => id.Length > 40 ? id[..40] : id;

    static Table GapTable(IReadOnlyList<RunRecord> runs)
    {
        var t = new Table().Border(TableBorder.Rounded);
        foreach (var c in new[] { "model", "params", "seed", "epochs", "train acc", "test acc", "acc gap", "loss gap", "status" })
            t.AddColumn(new TableColumn(c).RightAligned());
        foreach (var r in runs)
            t.AddRow(Markup.Escape(r.Model), r.Params.ToString("N0", CultureInfo.InvariantCulture), r.Seed.ToString(CultureInfo.InvariantCulture),
                r.Epochs.ToString(CultureInfo.InvariantCulture), r.TrainAcc.ToString("F4", CultureInfo.InvariantCulture),
                r.TestAcc.ToString("F4", CultureInfo.InvariantCulture), SignedNumber.Format(r.AccGap, 4),
                SignedNumber.Format(r.LossGap, 4), r.Outcome() == TrainStatus.Completed ? r.Status : $"[red]{r.Status}[/]");
        return t;
    }
}

/// <summary>Synchronous IProgress (System.Progress posts to a thread pool, which would reorder console output).</summary>
internal sealed class InlineProgress<T>(Action<T> action) : IProgress<T>
{
    public void Report(T value) => action(value);
}
