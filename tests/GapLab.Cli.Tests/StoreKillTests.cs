using System.Diagnostics;
using GapLab.Analysis;
using GapLab.Store;
using static GapLab.Cli.Tests.CliHarness;
using GapLab.IO;

namespace GapLab.Cli.Tests;

/// <summary>The result store survives a kill -9 in the middle of a suite, and a rerun resumes it without duplicates.</summary>
public class StoreKillTests
{
    const int Runs = 8;

    const string Suite = """
        { "name": "kill-test", "models": ["mlp:depth=1,width=64", "mlp:depth=2,width=64"], "seeds": [0, 1, 2, 3],
          "train_size": 1000, "epochs": 2, "batch_size": 50, "learning_rate": 0.05 }
        """;

    static long CountRuns(string dir)
    {
        try { return (long)ResultStore.Open(dir).Query("SELECT count(*) FROM runs WHERE status = 'completed'").Columns[0][0]!; }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException) { return 0; } // not created yet, or creating its tables
    }

    [Fact]
    public async Task AKilledSuiteLeavesWholeRunsAndResumesWithoutDuplicates()
    {
        var (dir, args) = SuiteRunInTempFolder("gaplab-kill-", Suite);
        var (child, stdout, stderr) = StartChild(args);
        using var _ = child;
        await WaitUntil(child, stderr, () => CountRuns(dir) >= 1, "a run reached the store", pollMs: 50);
        child.Kill(entireProcessTree: true); // SIGKILL: no finally blocks, no flush, no checkpoint
        await child.WaitForExitAsync();
        await Task.WhenAll(stdout, stderr);

        // the store opens; every run it holds is whole: completed, with both epochs
        var store = ResultStore.Open(dir);
        var held = store.Query("SELECT r.run_id, r.status, count(e.epoch)::INTEGER AS n FROM runs r LEFT JOIN epochs e USING (run_id) GROUP BY ALL");
        Assert.InRange(held.Rows.Count, 1, Runs - 1);
        Assert.All(held["status"].Cast<string>(), s => Assert.Equal("completed", s));
        Assert.All(held["n"].Cast<int?>(), n => Assert.Equal(2, n));
        var killedSession = store.Query("SELECT finished_utc FROM sessions");
        Assert.Null(Assert.Single(killedSession["finished_utc"].Cast<DateTime?>())); // the killed process never ended its session

        var (code, output, err) = Gaplab(args);
        Assert.True(code == 0, err + output);
        Assert.Contains($"{held.Rows.Count} run(s) already in", output);
        var all = store.Query("SELECT r.run_id, count(DISTINCT r.session_id)::INTEGER AS sessions, count(e.epoch)::INTEGER AS n FROM runs r JOIN epochs e USING (run_id) GROUP BY ALL");
        Assert.Equal(Runs, all.Rows.Count);
        Assert.All(all["n"].Cast<int?>(), n => Assert.Equal(2, n));
        Assert.Equal(Runs, (long)store.Query("SELECT count(*) FROM runs").Columns[0][0]!);
        Assert.Equal(2L, store.Query("SELECT count(*) FROM sessions").Columns[0][0]);
        // the CSV files hold each run once too (a run the store had but the CSV missed is copied back on resume)
        var csv = CsvTable.Read(Path.Combine(dir, "runs.csv")).Values("run_id").ToList();
        Assert.Equal(Runs, csv.Count);
        Assert.Equal(Runs, csv.Distinct().Count());
    }
}
