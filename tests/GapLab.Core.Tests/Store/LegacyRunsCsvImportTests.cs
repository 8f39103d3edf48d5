using GapLab.Analysis;
using GapLab.Store;
using GapLab.Suites;
using static GapLab.Core.Tests.Store.ResultStoreTests;
using GapLab.IO;

namespace GapLab.Core.Tests.Store;

/// <summary>runs.csv is read back only by <see cref="LegacyRunsCsvImport"/>: once, for a folder written by an older GapLab.</summary>
public class LegacyRunsCsvImportTests
{
    /// <summary>A folder as an older GapLab left it: runs.csv and epochs.csv written from the records, no result store.</summary>
    static string LegacyFolder(params RunRecord[] runs)
    {
        var dir = TempDir();
        using (var w = new StreamWriter(Path.Combine(dir, "runs.csv"))) RecordFrame.ToCsv(runs, w);
        using (var w = new StreamWriter(Path.Combine(dir, "epochs.csv"))) RecordFrame.ToCsv(runs.SelectMany(Epochs), w);
        return dir;
    }

    [Fact]
    public void AFolderWithOnlyRunsCsvIsImportedOnceWithOneNoticeThenReadFromTheStore()
    {
        var diverged = Run("b", "diverged", double.NaN, epochs: 1) with { GridValues = "learning_rate=1", FinishedUtc = new DateTime(2026, 1, 2, 3, 4, 6, DateTimeKind.Utc) };
        var completed = Run("a") with { WeightsFile = "/w/a.safetensors", KernelCheck = "passed (onednn, 2 threads)" };
        var dir = LegacyFolder(completed, diverged);
        var notices = new List<string>();

        var store = LegacyRunsCsvImport.Open(dir, notices.Add);
        Assert.NotNull(store);
        Assert.True(ResultStore.ExistsIn(dir));
        var line = Assert.Single(notices);
        Assert.StartsWith($"imported 2 run(s) from {Path.Combine(dir, "runs.csv")} (written by an older GapLab)", line);
        Assert.DoesNotContain('\n', line);
        Assert.Equal(new[] { completed, diverged }, store!.Runs());
        Assert.Equal(Epochs(completed).Concat(Epochs(diverged)), store.Epochs());
        Assert.Equal(1L, store.Query("SELECT count(*) FROM sessions WHERE command = 'import'").Columns[0][0]);

        // never again: the files may now be anything, the store answers
        File.WriteAllText(Path.Combine(dir, "runs.csv"), "not,a\nruns file\n");
        File.Delete(Path.Combine(dir, "epochs.csv"));
        Assert.Equal(new[] { completed, diverged }, LegacyRunsCsvImport.Open(dir, notices.Add)!.Runs());
        Assert.Single(notices);
    }

    [Fact]
    public void AStoreOfAnOlderGapLabGetsTheRunsOnlyItsRunsCsvHeld()
    {
        var old = Run("from-before-the-store");
        var dir = LegacyFolder(old, Run("in-both"));
        var store = ResultStore.OpenOrCreate(dir); // created beside runs.csv: the import is still due
        var s = Session("run");
        store.BeginSession(s);
        var newer = Run("in-both", testAcc: 0.5);
        store.WriteRun(s.SessionId, newer, Epochs(newer));
        Assert.Null(store.Info(LegacyRunsCsvImport.InfoKey));

        var notices = new List<string>();
        var opened = LegacyRunsCsvImport.Open(dir, notices.Add)!;
        Assert.StartsWith("imported 1 run(s)", Assert.Single(notices));
        Assert.Equal(new[] { "from-before-the-store", "in-both" }, opened.Runs().Select(r => r.RunId));
        Assert.Equal(0.5, opened.Runs(new RunFilter(RunIds: ["in-both"])).Single().TestAcc); // the store's row wins
        Assert.NotNull(opened.Info(LegacyRunsCsvImport.InfoKey));
    }

    [Fact]
    public void AStoreCreatedWhereThereIsNoRunsCsvNeverReadsOneAndAFolderWithNeitherHasNoStore()
    {
        var dir = TempDir();
        Assert.Null(LegacyRunsCsvImport.Open(dir));
        Assert.False(ResultStore.ExistsIn(dir));
        var e = Assert.Throws<FileNotFoundException>(() => LegacyRunsCsvImport.OpenRequired(dir));
        Assert.Equal($"No runs in '{dir}' (no gaplab.duckdb or runs.csv): run 'gaplab run --out {dir}' first.", e.Message);

        ResultStore.OpenOrCreate(dir);
        Assert.Equal("none", ResultStore.Open(dir).Info(LegacyRunsCsvImport.InfoKey));
        File.WriteAllText(Path.Combine(dir, "runs.csv"), "garbage\n");
        Assert.Empty(LegacyRunsCsvImport.Open(dir)!.Runs());
    }

    [Fact]
    public void AnUnreadableLegacyRunsCsvIsOneActionableLine()
    {
        var dir = TempDir();
        File.WriteAllText(Path.Combine(dir, "runs.csv"), "id,state\nx,completed\n");
        var e = Assert.Throws<InvalidDataException>(() => LegacyRunsCsvImport.Open(dir));
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("has no column 'run_id'", e.Message);
        Assert.EndsWith("repair it, or delete it if the store already holds every run.", e.Message);
        Assert.False(File.Exists(Path.Combine(dir, StoreLock.FileName)));
    }
}
