using GapLab.Analysis;
using GapLab.Store;
using static GapLab.Cli.Tests.CliHarness;
using GapLab.IO;

namespace GapLab.Cli.Tests;

/// <summary>One writer per store folder, with real processes: a second `gaplab run` on the same --out stops naming the first;
/// after the first is killed (-9) its stale lock is taken over and the suite resumes without duplicates.</summary>
public class StoreLockProcessTests
{
    const int Runs = 6;

    const string Suite = """
        { "name": "lock-test", "models": ["mlp:depth=1,width=64"], "seeds": [0, 1, 2, 3, 4, 5],
          "train_size": 1000, "epochs": 3, "batch_size": 20, "learning_rate": 0.05 }
        """;

    [Fact]
    public async Task A_second_writer_stops_and_a_killed_writers_lock_is_taken_over()
    {
        var (dir, args) = SuiteRunInTempFolder("gaplab-lock-", Suite);
        string lockFile = Path.Combine(dir, StoreLock.FileName);
        var (first, firstOut, firstErr) = StartChild(args);
        using var _ = first;
        await WaitUntil(first, firstErr, () => File.Exists(lockFile) && File.ReadAllText(lockFile).Contains("command="), "the lock was taken", pollMs: 20);

        var (second, secondOut, secondErr) = StartChild(args);
        using var __ = second;
        Assert.True(second.WaitForExit(60_000), "the second gaplab run did not stop");
        // the kernel self-check's one-line notice (on CPUs where it switches configuration) may precede the error
        string err = string.Join("\n", (await secondErr).Trim().Split('\n').Where(l => !l.StartsWith("GapLab: libtorch's oneDNN", StringComparison.Ordinal)));
        await secondOut;
        Assert.Equal(2, second.ExitCode);
        Assert.Equal($"gaplab: another gaplab (pid {first.Id}, host {Environment.MachineName}) is writing to {dir}", err.Trim().Split(" since ")[0]);
        Assert.EndsWith("UTC; use --shard or another --out", err.Trim());
        Assert.Single(err.Trim().Split('\n'));
        Assert.False(first.HasExited); // the first writer goes on

        first.Kill(entireProcessTree: true); // SIGKILL: the lock file stays behind
        await first.WaitForExitAsync();
        await Task.WhenAll(firstOut, firstErr);
        Assert.Contains($"pid={first.Id}", File.ReadAllText(lockFile));

        var (code, output, runErr) = Gaplab(args); // this process: the dead pid's lock is stale and taken over
        Assert.True(code == 0, runErr + output);
        Assert.False(File.Exists(lockFile));
        var ids = CsvTable.Read(Path.Combine(dir, "runs.csv")).Values("run_id").ToList();
        Assert.Equal(Runs, ids.Count);
        Assert.Equal(Runs, ids.Distinct().Count());
    }
}
