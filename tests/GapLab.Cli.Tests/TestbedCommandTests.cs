using System.Globalization;
using GapLab.Analysis;
using GapLab.Cli;
using GapLab.IO;

namespace GapLab.Cli.Tests;

public class TestbedCommandTests
{
    static (int Code, string Out, string Err) Gaplab(params string[] args)
    {
        var o = new StringWriter(CultureInfo.InvariantCulture);
        var e = new StringWriter(CultureInfo.InvariantCulture);
        int code = GapLabCli.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    static string TempDir() => Directory.CreateTempSubdirectory("gaplab-testbed-").FullName;

    [Theory]
    [InlineData(new[] { "--config", "imagenet" }, "Unknown testbed configuration 'imagenet'")]
    [InlineData(new[] { "--threads", "-1" }, "--threads -1 must be between 0 and 1024")]
    [InlineData(new[] { "--device", "tpu" }, "Unknown device 'tpu'")]
    [InlineData(new[] { "--config", "/no/such/file.json" }, "does not exist")]
    [InlineData(new[] { "--seed", "many" }, "many")]
    public void BadOptionsAreOneLineAndExitCode2(string[] options, string expected)
    {
        var (code, _, err) = Gaplab(["testbed", .. options, "--out", TempDir()]);
        Assert.Equal(2, code);
        Assert.Contains(expected, err);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public void BadJsonNamesTheFileAndField()
    {
        var dir = TempDir();
        var file = Path.Combine(dir, "t.json");
        File.WriteAllText(file, """{ "models": ["mlp:width=8"], "unseen_counts": [9] }""");
        var (code, _, err) = Gaplab("testbed", "--config", file, "--out", dir);
        Assert.Equal(2, code);
        Assert.Contains("t.json", err);
        Assert.Contains("unseen_counts", err);
    }

    [Fact]
    public void TinyConfigWritesTheThreeTablesAndASummary()
    {
        var dir = TempDir();
        var file = Path.Combine(dir, "tiny.json");
        File.WriteAllText(file, """
            { "name": "tiny", "models": ["mlp:depth=1,width=16", "mlp:depth=1,width=32"], "unseen_order": [5], "unseen_counts": [0, 1],
              "ssim_levels": [1.0, 0.8], "train_per_class": 20, "test_per_class": 10, "epochs": 1, "probe_epochs": 1,
              "trade_off": { "grid_points": 11 } }
            """);
        var (code, stdout, err) = Gaplab("testbed", "--config", file, "--out", dir, "--device", "cpu", "--seed", "4", "--store", dir, "--trade-off-method", "reference");
        Assert.True(code == 0, err);
        Assert.Contains("trade-off point: SSIM >=", stdout);
        Assert.Contains("trade-off method: reference (Delaunay-linear on the 8 scattered cells", stdout);
        var cells = CsvTable.Read(Path.Combine(dir, "testbed-cells.csv"));
        Assert.Equal(8, cells.Rows.Count);
        // --store: the same cells, in the same order, under a testbed session
        var stored = GapLab.Store.ResultStore.Open(dir).Query("SELECT c.accuracy, s.command, s.seeds FROM testbed_cells c JOIN sessions s USING (session_id)");
        Assert.Equal(cells.Values("accuracy").Select(v => double.Parse(v, CultureInfo.InvariantCulture)), stored["accuracy"].Cast<double?>().Select(v => v!.Value));
        Assert.Equal("seed=4", stored["seeds"][0]);
        Assert.Equal(2 + 2 + 2, CsvTable.Read(Path.Combine(dir, "testbed-marginals.csv")).Rows.Count);
        var json = File.ReadAllText(Path.Combine(dir, "tradeoff.json"));
        Assert.Contains("\"generalization_bound\"", json);
        Assert.Contains("\"seed\": 4", json);
        Assert.Contains("\"method\": \"reference\"", json); // in the point and in the configuration's trade_off
    }
}
