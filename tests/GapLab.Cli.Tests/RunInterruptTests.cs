using GapLab.Tests.Shared;
using System.Diagnostics;
using GapLab.Analysis;
using static GapLab.Cli.Tests.CliHarness;
using GapLab.IO;

namespace GapLab.Cli.Tests;

/// <summary>Ctrl+C (SIGINT) or SIGTERM during `gaplab run` stops the current model at its next batch and keeps every finished run.</summary>
public class RunInterruptTests
{
    const string Suite = """
        { "name": "interrupt-test", "models": ["mlp:depth=1,width=64"], "seeds": [0, 1, 2, 3, 4, 5],
          "train_size": 1000, "epochs": 3, "batch_size": 20, "learning_rate": 0.05 }
        """;

    static int CsvRuns(string dir)
    {
        var path = Path.Combine(dir, "runs.csv");
        try { return File.Exists(path) ? File.ReadAllLines(path).Length - 1 : 0; }
        catch (IOException) { return 0; }
    }

    [RequiresTheory(Requirement.Linux)] // SIGINT via kill(1)
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task A_signal_records_the_interrupted_run_as_cancelled_keeps_the_finished_ones_and_a_rerun_completes_the_suite(string signal)
    {
        var (dir, args) = SuiteRunInTempFolder("gaplab-sigint-", Suite);
        var (child, stdout, stderr) = StartChild(args);
        using var _ = child;
        await WaitUntil(child, stderr, () => CsvRuns(dir) >= 1, "a run finished", pollMs: 20);
        using (var kill = Process.Start("kill", ["-" + signal, child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
        Assert.True(child.WaitForExit(30_000), $"gaplab run did not stop within 30 s of SIG{signal}");
        string err = await stderr, output = await stdout;

        Assert.True(child.ExitCode == 1, $"exit {child.ExitCode}: {err}");
        Assert.Contains("gaplab: cancelled;", err);
        Assert.Contains("run the same command again to resume", err);
        var rows = CsvTable.Read(Path.Combine(dir, "runs.csv"));
        var statuses = rows.Values("status").ToList();
        Assert.InRange(statuses.Count(s => s == "completed"), 1, 5); // stopped early, finished runs kept
        // the model in training when the signal came is recorded as cancelled; a signal that lands during a run's final
        // evaluation pass lets that run complete, and the suite stops before the next one
        Assert.All(statuses.Take(statuses.Count - 1), s => Assert.Equal("completed", s));
        Assert.Contains(statuses[^1], new[] { "completed", "cancelled" });
        if (statuses[^1] == "cancelled") Assert.Contains("cancelled", output);

        var (code, again, againErr) = Gaplab(args);
        Assert.True(code == 0, againErr + again);
        var completed = CsvTable.Read(Path.Combine(dir, "runs.csv")).Rows
            .Where(r => r[rows.Column("status")] == "completed").Select(r => r[rows.Column("run_id")]).ToList();
        Assert.Equal(6, completed.Distinct().Count());
        // one row per run id in both CSV files (the cancelled attempt is replaced, not followed, by the resumed run)
        var ids = CsvTable.Read(Path.Combine(dir, "runs.csv")).Values("run_id").ToList();
        Assert.Equal(6, ids.Count);
        Assert.Equal(6, ids.Distinct().Count());
        var epochs = CsvTable.Read(Path.Combine(dir, "epochs.csv"));
        var keys = epochs.Rows.Select(r => r[epochs.Column("run_id")] + "#" + r[epochs.Column("epoch")]).ToList();
        Assert.Equal(6 * 3, keys.Count);
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    /// <summary>A signal while <c>gaplab run</c> estimates memory or builds the model (a 37 M-parameter MLP: its "large job" line
    /// comes after the estimate, then the store and the model are built) ends with one "gaplab: cancelled" line and exit 1, no stack.</summary>
    [RequiresTheory(Requirement.Linux)] // signals via kill(1)
    [InlineData("TERM", 0)]
    [InlineData("INT", 0)]
    [InlineData("TERM", 300)]
    public async Task A_signal_during_the_memory_estimate_or_the_model_build_is_one_line_and_exit_1(string signal, int delayMs)
    {
        var (dir, args) = SuiteRunInTempFolder("gaplab-sigbuild-", """
            { "name": "big", "models": ["mlp:depth=3,width=4096"], "seeds": [0], "epochs": 1, "train_size": 2000 }
            """);
        var (child, stdout, errSoFar) = StartChildWatchingStderr(args);
        using var _ = child;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!errSoFar().Contains("a large job", StringComparison.Ordinal))
        {
            Assert.False(child.HasExited, $"gaplab ended before its estimate (exit {(child.HasExited ? child.ExitCode : 0)}): {errSoFar()}");
            Assert.True(DateTime.UtcNow < deadline, "no estimate line within 60 s");
            await Task.Delay(10);
        }
        if (delayMs > 0) await Task.Delay(delayMs);
        using (var kill = Process.Start("kill", ["-" + signal, child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
        Assert.True(child.WaitForExit(30_000), $"gaplab run did not stop within 30 s of SIG{signal}");
        await stdout;
        child.WaitForExit();
        string err = errSoFar();
        Assert.True(child.ExitCode == 1, $"exit {child.ExitCode}: {err}");
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.DoesNotContain(lines, l => l.StartsWith("at ", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.True(l.StartsWith("gaplab:", StringComparison.Ordinal) || l.StartsWith("GapLab:", StringComparison.Ordinal), l));
        Assert.Single(lines, l => l.StartsWith("gaplab: cancelled", StringComparison.Ordinal));
        var runsCsv = Path.Combine(dir, "runs.csv");
        if (File.Exists(runsCsv)) Assert.DoesNotContain(",completed,", File.ReadAllText(runsCsv), StringComparison.Ordinal);
    }
}
