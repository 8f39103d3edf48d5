using GapLab.Store;
using static GapLab.Core.Tests.Store.ResultStoreTests;

namespace GapLab.Core.Tests.Store;

public class ResultStoreMergeTests
{
    static string Shard(string root, string name, params GapLab.Store.RunRecord[] runs)
    {
        var dir = Path.Combine(root, name);
        var store = ResultStore.OpenOrCreate(dir);
        var s = Session("run");
        store.BeginSession(s);
        foreach (var r in runs) store.WriteRun(s.SessionId, r, Epochs(r));
        store.Append(Session("measure"), new[] { new MeasureRow(runs[0].RunId, "mlp", name, "d", "fp", 10, "L2", 1, 1, "cheap", "") });
        return dir;
    }

    [Fact]
    public void FinishedBeatsCancelledTheFirstFinishedIsKeptAndMergingAgainAddsNothing()
    {
        var root = TempDir();
        var a = Shard(root, "shard-1-of-2", Run("x", "cancelled", double.NaN, epochs: 1), Run("y", testAcc: 0.7, epochs: 2));
        var b = Shard(root, "shard-2-of-2", Run("x", testAcc: 0.8, epochs: 3), Run("y", testAcc: 0.6, epochs: 2), Run("z", epochs: 1));
        var result = ResultStoreMerge.Merge(new[] { a, b }, root);

        Assert.Equal(3, result.Runs);
        Assert.Equal(2, result.DuplicatesDropped);
        Assert.Contains(result.Warnings, w => w.Contains("run 'y'") && w.Contains("kept the first"));
        var merged = ResultStore.Open(root);
        var runs = merged.Query("SELECT run_id, status, test_acc, epochs FROM runs ORDER BY run_id");
        Assert.Equal(new[] { "x", "y", "z" }, runs["run_id"].Cast<string>());
        Assert.Equal(new[] { "completed", "completed", "completed" }, runs["status"].Cast<string>());
        Assert.Equal(new double?[] { 0.8, 0.7, 0.75 }, runs["test_acc"].Cast<double?>());
        // each run keeps the epochs of the store its row came from
        var epochs = merged.Query("SELECT run_id, count(*)::INTEGER AS n FROM epochs GROUP BY run_id ORDER BY run_id");
        Assert.Equal(new int?[] { 3, 2, 1 }, epochs["n"].Cast<int?>());
        Assert.Equal(4L, merged.Query("SELECT count(*) FROM sessions").Columns[0][0]);
        Assert.Equal(2L, merged.Query("SELECT count(*) FROM measures").Columns[0][0]);

        var again = ResultStoreMerge.Merge(new[] { a, b }, root);
        Assert.Equal(3, again.Runs);
        Assert.Equal(3L, merged.Query("SELECT count(*) FROM runs").Columns[0][0]);
        Assert.Equal(6L, merged.Query("SELECT count(*) FROM epochs").Columns[0][0]);
        Assert.Equal(4L, merged.Query("SELECT count(*) FROM sessions").Columns[0][0]);
        Assert.Equal(2L, merged.Query("SELECT count(*) FROM measures").Columns[0][0]);
    }

    /// <summary>A shard folder as an older GapLab left it: runs.csv and epochs.csv only (no result store).</summary>
    static string LegacyShard(string root, string name, string runs, string epochs)
    {
        var dir = Path.Combine(root, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "runs.csv"), "run_id,status,epochs,steps,train_acc,test_acc,train_loss,test_loss,wall_seconds\n" + runs);
        File.WriteAllText(Path.Combine(dir, "epochs.csv"), "run_id,epoch,train_acc,test_acc\n" + epochs);
        return dir;
    }

    [Fact]
    public void LegacyShardsAreImportedThenMergedByTheSameRuleAndTheCsvFilesAreExportedFromTheMergedStore()
    {
        var root = TempDir();
        // shard a: run x cancelled after 1 epoch, then resumed and completed in the same folder; run y completed
        var a = LegacyShard(root, "shard-1-of-2",
            "x,cancelled,1,3,0.5,0.4,1.1,1.2,1.0\ny,completed,2,6,0.8,0.7,0.5,0.6,2.0\nx,completed,2,6,0.9,0.8,0.3,0.4,2.5\n",
            "x,1,0.5,0.4\ny,1,0.6,0.5\ny,2,0.8,0.7\nx,1,0.55,0.45\nx,2,0.9,0.8\n");
        // shard b: run z cancelled here; a stale cancelled copy of y (must lose to a's completed row)
        var b = LegacyShard(root, "shard-2-of-2", "z,cancelled,0,1,,,,,0.1\ny,cancelled,1,3,0.2,0.2,2.0,2.0,1.0\n", "y,1,0.2,0.2\n");
        Assert.Equal(new[] { a, b }, ResultStoreMerge.ShardFolders(root));
        var notices = new List<string>();
        var result = ResultStoreMerge.Merge(ResultStoreMerge.ShardFolders(root), root, notices.Add);

        Assert.Equal(2, notices.Count); // one import line per legacy shard
        Assert.Equal(3, result.Runs);
        Assert.Equal(1, result.DuplicatesDropped);
        Assert.Empty(result.Warnings);
        var runs = ResultStore.Open(root).Runs();
        Assert.Equal(new[] { "x", "y", "z" }, runs.Select(r => r.RunId));
        Assert.Equal(new[] { "completed", "completed", "cancelled" }, runs.Select(r => r.Status));
        Assert.Equal(new[] { 0.9, 0.8, double.NaN }, runs.Select(r => r.TrainAcc));
        Assert.Equal(new[] { "x|1|0.55", "x|2|0.9", "y|1|0.6", "y|2|0.8" },
            ResultStore.Open(root).Epochs().Select(e => FormattableString.Invariant($"{e.RunId}|{e.Epoch}|{e.TrainAcc}")));
        // the CSV files are the export of the merged store: its columns, its rows
        var csv = GapLab.IO.CsvTable.Read(result.RunsCsv);
        Assert.Equal(StoreSchema.Runs.Columns.Skip(1).Select(c => c.Name), csv.Header);
        Assert.Equal(new[] { "x", "y", "z" }, csv.Values("run_id"));
        Assert.Equal(4, result.EpochRows);
        Assert.Equal(4, GapLab.IO.CsvTable.Read(result.EpochsCsv).Rows.Count);

        // merging again adds nothing and reads no CSV file (the shards' runs.csv may be anything now)
        File.WriteAllText(Path.Combine(a, "runs.csv"), "garbage\n");
        var again = ResultStoreMerge.Merge(ResultStoreMerge.ShardFolders(root), root, notices.Add);
        Assert.Equal(3, again.Runs);
        Assert.Equal(2, notices.Count);
    }

    [Fact]
    public void ConflictingFinishedDuplicatesKeepTheFirstAndWarn_IdenticalOnesAreSilent()
    {
        var root = TempDir();
        var a = LegacyShard(root, "a", "x,completed,1,3,0.9,0.8,0.3,0.4,1.0\nw,completed,1,3,0.5,0.5,1.0,1.0,1.0\n", "x,1,0.9,0.8\n");
        var b = LegacyShard(root, "b", "x,completed,1,3,0.7,0.6,0.5,0.6,1.0\nw,completed,1,3,0.5,0.5,1.0,1.0,9.0\n", "x,1,0.7,0.6\n");
        var result = ResultStoreMerge.Merge(new[] { a, b }, Path.Combine(root, "m"));
        var runs = GapLab.IO.CsvTable.Read(result.RunsCsv);
        Assert.Equal(new[] { "0.5", "0.9" }, runs.Values("train_acc")); // w, x: by finish time, then id
        var warning = Assert.Single(result.Warnings); // w differs only in wall time: same results, no warning
        Assert.Contains("'x'", warning);
        Assert.Equal(new[] { "0.9" }, GapLab.IO.CsvTable.Read(result.EpochsCsv).Values("train_acc"));
    }

    [Fact]
    public void AFolderWithoutAStoreIsNamed()
    {
        var root = TempDir();
        var e = Assert.Throws<FileNotFoundException>(() => ResultStoreMerge.Merge(new[] { Path.Combine(root, "nothing") }, Path.Combine(root, "out")));
        Assert.Contains("nothing", e.Message);
        Assert.Contains(ResultStore.FileName, e.Message);
    }
}
