using System.Diagnostics;
using System.Globalization;
using GapLab.Analysis;
using GapLab.Cli;
using GapLab.IO;

namespace GapLab.Cli.Tests;

/// <summary>A suite run as two shards in two separate gaplab processes, merged, gives the rows of the unsharded run.</summary>
public class ShardedRunTests
{
    const string Suite = """
        { "name": "shard-test", "models": ["mlp:depth=1,width=8", "mlp:depth=1,width=16"], "seeds": [0, 1],
          "train_size": 300, "epochs": 1, "batch_size": 50, "learning_rate": 0.05 }
        """;

    /// <summary>Columns that legitimately differ between processes (time, file paths, store-specific text).</summary>
    // kernel_check is the provenance of the process (its self-check, at its thread count), not of the run's numbers
    static readonly HashSet<string> Volatile = new() { "wall_seconds", "finished_utc", "weights_file", "init_weights_file", "kernel_check" };

    static string GaplabDll()
    {
        // the Cli project is referenced, so gaplab.dll (+ runtimeconfig/deps) is copied next to this test assembly
        var dll = Path.Combine(AppContext.BaseDirectory, "gaplab.dll");
        Assert.True(File.Exists(dll) && File.Exists(Path.Combine(AppContext.BaseDirectory, "gaplab.runtimeconfig.json")), $"built CLI not found at {dll}");
        return dll;
    }

    static Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(GaplabDll());
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet");
    }

    static Dictionary<string, Dictionary<string, string>> RowsById(string runsCsv)
    {
        var t = CsvTable.Read(runsCsv);
        int id = t.Column("run_id");
        return t.Rows.ToDictionary(r => r[id], r => t.Header.Select((h, i) => (h, i)).Where(x => !Volatile.Contains(x.h)).ToDictionary(x => x.h, x => r[x.i]));
    }

    [Fact]
    public async Task TwoShardsInTwoProcessesMergeToTheUnshardedRun()
    {
        var root = Directory.CreateTempSubdirectory("gaplab-shard-").FullName;
        var suite = Path.Combine(root, "suite.json");
        File.WriteAllText(suite, Suite);
        string[] common = { "run", "--suite", suite, "--device", "cpu", "--threads", "1", "--no-weights" };

        var single = Path.Combine(root, "single");
        var o = new StringWriter(CultureInfo.InvariantCulture);
        var e = new StringWriter(CultureInfo.InvariantCulture);
        Assert.True(GapLabCli.Run(common.Concat(new[] { "--out", single }).ToArray(), o, e) == 0, e.ToString() + o);

        var sharded = Path.Combine(root, "sharded");
        var procs = new[] { "1/2", "2/2" }.Select(s => Start(common.Concat(new[] { "--shard", s, "--out", sharded }).ToArray())).ToList();
        foreach (var p in procs)
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            await p.WaitForExitAsync(limit.Token);
            Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}: {await stderr}\n{await stdout}");
            p.Dispose();
        }
        Assert.Equal(2, CsvTable.Read(Path.Combine(sharded, "shard-1-of-2", "runs.csv")).Rows.Count);
        Assert.Equal(2, CsvTable.Read(Path.Combine(sharded, "shard-2-of-2", "runs.csv")).Rows.Count);

        o = new StringWriter(CultureInfo.InvariantCulture);
        e = new StringWriter(CultureInfo.InvariantCulture);
        Assert.True(GapLabCli.Run(new[] { "merge", "--runs", sharded }, o, e) == 0, e.ToString());
        Assert.Contains("4 runs", o.ToString());

        var expected = RowsById(Path.Combine(single, "runs.csv"));
        var merged = RowsById(Path.Combine(sharded, "runs.csv"));
        Assert.Equal(4, expected.Count);
        Assert.Equal(expected.Keys.Order(), merged.Keys.Order());
        foreach (var (id, row) in expected)
        {
            Assert.Equal("completed", row["status"]);
            foreach (var (col, value) in row)
                Assert.True(value == merged[id][col], $"{id}: column {col} is '{value}' unsharded, '{merged[id][col]}' merged");
        }
        var singleEpochs = CsvTable.Read(Path.Combine(single, "epochs.csv"));
        var mergedEpochs = CsvTable.Read(Path.Combine(sharded, "epochs.csv"));
        Assert.Equal(singleEpochs.Rows.Count, mergedEpochs.Rows.Count);
        Assert.Equal(singleEpochs.Values("train_loss").Order(), mergedEpochs.Values("train_loss").Order());

        // the shards' result stores merged too: the same runs and losses as the unsharded store, each once, from 2 sessions
        Assert.Contains("merged 2 result store(s): 4 runs", o.ToString());
        const string sql = "SELECT run_id, test_loss, (SELECT sum(train_loss) FROM epochs e WHERE e.run_id = r.run_id) AS epoch_loss FROM runs r ORDER BY run_id";
        var one = GapLab.Store.ResultStore.Open(single).Query(sql);
        var two = GapLab.Store.ResultStore.Open(sharded).Query(sql);
        Assert.Equal(4, two.Rows.Count);
        foreach (var column in new[] { "run_id", "test_loss", "epoch_loss" })
            Assert.Equal(one[column].Cast<object>(), two[column].Cast<object>());
        Assert.Equal(2L, GapLab.Store.ResultStore.Open(sharded).Query("SELECT count(*) FROM sessions").Columns[0][0]);
    }

    [Theory]
    [InlineData("0/2")]
    [InlineData("3/2")]
    [InlineData("two")]
    public void BadShardExitsWith2(string shard)
    {
        var o = new StringWriter(CultureInfo.InvariantCulture);
        var e = new StringWriter(CultureInfo.InvariantCulture);
        Assert.Equal(2, GapLabCli.Run(new[] { "run", "--suite", "smoke", "--shard", shard }, o, e));
        Assert.Contains("--shard must be i/N with 1 <= i <= N", e.ToString());
    }

    [Fact]
    public void MergeWithoutStoresOrOutIsAUsageError()
    {
        var o = new StringWriter(CultureInfo.InvariantCulture);
        var e = new StringWriter(CultureInfo.InvariantCulture);
        Assert.Equal(2, GapLabCli.Run(new[] { "merge" }, o, e));
        Assert.Contains("STORE_DIR", e.ToString());
        e = new StringWriter(CultureInfo.InvariantCulture);
        var empty = Directory.CreateTempSubdirectory("gaplab-merge-").FullName;
        Assert.Equal(2, GapLabCli.Run(new[] { "merge", "--runs", empty }, o, e));
        Assert.Contains("shard-", e.ToString());
    }
}
