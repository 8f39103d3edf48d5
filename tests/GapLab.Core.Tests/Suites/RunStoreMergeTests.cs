using GapLab.Analysis;
using GapLab.Suites;

namespace GapLab.Core.Tests.Suites;

public class RunStoreMergeTests
{
    const string RunsHeader = "run_id,status,epochs,steps,train_acc,test_acc,train_loss,test_loss,wall_seconds\n";
    const string EpochsHeader = "run_id,epoch,train_acc,test_acc\n";

    static string Store(string root, string name, string runs, string epochs)
    {
        var dir = Path.Combine(root, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "runs.csv"), RunsHeader + runs);
        File.WriteAllText(Path.Combine(dir, "epochs.csv"), EpochsHeader + epochs);
        return dir;
    }

    static string TempDir() => Directory.CreateTempSubdirectory("gaplab-merge-").FullName;

    [Fact]
    public void CompletedWinsOverCancelledAndEpochsFollowTheWinner()
    {
        var root = TempDir();
        // shard a: run x cancelled after 1 epoch, then resumed and completed in the same store; run y completed
        var a = Store(root, "shard-1-of-2",
            "x,cancelled,1,3,0.5,0.4,1.1,1.2,1.0\ny,completed,2,6,0.8,0.7,0.5,0.6,2.0\nx,completed,2,6,0.9,0.8,0.3,0.4,2.5\n",
            "x,1,0.5,0.4\ny,1,0.6,0.5\ny,2,0.8,0.7\nx,1,0.55,0.45\nx,2,0.9,0.8\n");
        // shard b: run z cancelled here; a stale cancelled copy of y (must lose to a's completed row)
        var b = Store(root, "shard-2-of-2",
            "z,cancelled,0,1,,,,,0.1\ny,cancelled,1,3,0.2,0.2,2.0,2.0,1.0\n",
            "y,1,0.2,0.2\n");
        var outDir = Path.Combine(root, "merged");
        var result = RunStoreMerge.Merge(new[] { a, b }, outDir);

        var runs = CsvTable.Read(result.RunsCsv);
        Assert.Equal(RunsHeader.TrimEnd('\n').Split(','), runs.Header);
        Assert.Equal(new[] { "x", "y", "z" }, runs.Values("run_id"));
        Assert.Equal(new[] { "completed", "completed", "cancelled" }, runs.Values("status"));
        Assert.Equal(new[] { "0.9", "0.8", "" }, runs.Values("train_acc"));
        Assert.Equal(2, result.DuplicatesDropped);
        Assert.Empty(result.Warnings);

        var epochs = CsvTable.Read(result.EpochsCsv);
        Assert.Equal(new[] { "x|1|0.55", "x|2|0.9", "y|1|0.6", "y|2|0.8" },
            epochs.Rows.Select(r => $"{r[0]}|{r[1]}|{r[2]}"));
        Assert.Equal(4, result.EpochRows);
    }

    [Fact]
    public void ConflictingFinishedDuplicatesKeepTheFirstAndWarn_IdenticalOnesAreSilent()
    {
        var root = TempDir();
        var a = Store(root, "a", "x,completed,1,3,0.9,0.8,0.3,0.4,1.0\nw,completed,1,3,0.5,0.5,1.0,1.0,1.0\n", "x,1,0.9,0.8\n");
        var b = Store(root, "b", "x,completed,1,3,0.7,0.6,0.5,0.6,1.0\nw,completed,1,3,0.5,0.5,1.0,1.0,9.0\n", "x,1,0.7,0.6\n");
        var result = RunStoreMerge.Merge(new[] { a, b }, Path.Combine(root, "m"));
        var runs = CsvTable.Read(result.RunsCsv);
        Assert.Equal(new[] { "0.9", "0.5" }, runs.Values("train_acc"));
        var warning = Assert.Single(result.Warnings); // w differs only in wall time: same results, no warning
        Assert.Contains("'x'", warning);
        Assert.Equal(new[] { "0.9" }, CsvTable.Read(result.EpochsCsv).Values("train_acc"));
    }

    [Fact]
    public void MergingAgainIntoTheSameFolderIsIdempotentAndKeepsItsRows()
    {
        var root = TempDir();
        var a = Store(root, "shard-1-of-2", "x,completed,1,3,0.9,0.8,0.3,0.4,1.0\n", "x,1,0.9,0.8\n");
        RunStoreMerge.Merge(new[] { a }, root);
        var b = Store(root, "shard-2-of-2", "y,completed,1,3,0.6,0.5,0.7,0.8,1.0\n", "y,1,0.6,0.5\n");
        Assert.Equal(new[] { a, b }, RunStoreMerge.ShardFolders(root));
        var second = RunStoreMerge.Merge(new[] { b }, root); // root's own store (holding x) is merged too
        Assert.Equal(new[] { "y", "x" }, CsvTable.Read(second.RunsCsv).Values("run_id"));
        var third = RunStoreMerge.Merge(RunStoreMerge.ShardFolders(root), root);
        Assert.Equal(new[] { "x", "y" }, CsvTable.Read(third.RunsCsv).Values("run_id"));
        Assert.Equal(2, third.DuplicatesDropped);
        Assert.Empty(third.Warnings);
    }

    [Fact]
    public void StoresWithDifferentColumnsOrNoRunsCsvAreRejected()
    {
        var root = TempDir();
        var a = Store(root, "a", "x,completed,1,3,0.9,0.8,0.3,0.4,1.0\n", "");
        var b = Path.Combine(root, "b");
        Directory.CreateDirectory(b);
        File.WriteAllText(Path.Combine(b, "runs.csv"), "run_id,status\ny,completed\n");
        var e = Assert.Throws<InvalidDataException>(() => RunStoreMerge.Merge(new[] { a, b }, Path.Combine(root, "m")));
        Assert.Contains("no column 'epochs'", e.Message);
        var missing = Assert.Throws<FileNotFoundException>(() => RunStoreMerge.Merge(new[] { Path.Combine(root, "none") }, Path.Combine(root, "m")));
        Assert.Contains("none", missing.Message);
        Assert.Throws<DirectoryNotFoundException>(() => RunStoreMerge.ShardFolders(a));
    }
}
