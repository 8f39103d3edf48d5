using static GapLab.Cli.Tests.CliHarness;

namespace GapLab.Cli.Tests;

/// <summary>
/// The result store is the single source of truth: runs.csv and epochs.csv are exports that nothing reads back (correlate and
/// quality --runs work with them corrupt or gone); a folder of an older GapLab (runs.csv, no gaplab.duckdb) is imported once.
/// </summary>
public class StoreIsTheSourceTests
{
    [Fact]
    public void CorrelateAndQualityReadTheStoreNotRunsCsv_AndALegacyFolderIsImportedOnce()
    {
        var (dir, args) = SuiteRunInTempFolder("gaplab-source-", """
            { "name": "source", "models": ["mlp:depth=1,width=8", "mlp:depth=1,width=16", "mlp:depth=1,width=32"], "seeds": [0], "train_size": 200, "epochs": 1, "batch_size": 50 }
            """);
        var (code, stdout, err) = Gaplab(args.Where(a => a != "--no-weights").ToArray());
        Assert.True(code == 0, err + stdout);
        var runsCsv = Path.Combine(dir, "runs.csv");
        string exported = File.ReadAllText(runsCsv);

        File.WriteAllText(runsCsv, "this is not,a runs file\n\"unterminated");
        File.Delete(Path.Combine(dir, "epochs.csv"));
        (code, stdout, err) = Gaplab("correlate", "--runs", dir, "--measures", "PARAMS,L2", "--resamples", "0", "--threads", "1");
        Assert.True(code == 0, err + stdout);
        Assert.Contains("3 models", stdout);
        (code, stdout, err) = Gaplab("quality", "--runs", dir, "--test-size", "60", "--corruptions", "contrast", "--pgd-steps", "1", "--device", "cpu", "--format", "csv");
        Assert.True(code == 0, err + stdout);
        Assert.All(GapLab.Store.ResultStore.Open(dir).Runs(), r => Assert.Contains(r.RunId, stdout));
        Assert.DoesNotContain("imported", err);

        // the same folder as an older GapLab left it: runs.csv and no store; imported once, with one notice line
        File.WriteAllText(runsCsv, exported);
        File.Delete(Path.Combine(dir, GapLab.Store.ResultStore.FileName));
        (code, stdout, err) = Gaplab("correlate", "--runs", dir, "--from-measures", "--resamples", "0");
        Assert.True(code == 0, err + stdout);
        Assert.Equal($"gaplab: note: imported 3 run(s) from {runsCsv} (written by an older GapLab) into {Path.GetFullPath(Path.Combine(dir, "gaplab.duckdb"))}; runs.csv is now exported from the store.",
            err.Split('\n')[0]);
        Assert.True(GapLab.Store.ResultStore.ExistsIn(dir));
        File.Delete(runsCsv);
        (code, stdout, err) = Gaplab("correlate", "--runs", dir, "--from-measures", "--resamples", "0");
        Assert.True(code == 0, err + stdout);
        Assert.DoesNotContain("imported", err);

        // a resumed run in an older GapLab's folder imports its runs.csv, then skips what the store holds
        File.WriteAllText(runsCsv, exported);
        File.Delete(Path.Combine(dir, GapLab.Store.ResultStore.FileName));
        (code, stdout, err) = Gaplab(args.Where(a => a != "--no-weights").ToArray());
        Assert.True(code == 0, err + stdout);
        Assert.Contains("gaplab: note: imported 3 run(s)", err);
        Assert.Contains("3 run(s) already in", stdout);
        Assert.Equal(exported, File.ReadAllText(runsCsv)); // the export of the imported store is the file it came from
    }
}
