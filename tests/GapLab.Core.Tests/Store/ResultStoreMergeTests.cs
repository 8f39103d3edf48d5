using GapLab.Store;
using static GapLab.Core.Tests.Store.ResultStoreTests;

namespace GapLab.Core.Tests.Store;

public class ResultStoreMergeTests
{
    static string Shard(string root, string name, params GapLab.Suites.RunRecord[] runs)
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

    [Fact]
    public void AFolderWithoutAStoreIsNamed()
    {
        var root = TempDir();
        var e = Assert.Throws<FileNotFoundException>(() => ResultStoreMerge.Merge(new[] { Path.Combine(root, "nothing") }, Path.Combine(root, "out")));
        Assert.Contains("nothing", e.Message);
        Assert.Contains(ResultStore.FileName, e.Message);
    }
}
