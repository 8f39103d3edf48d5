using System.Globalization;
using GapLab.Cli;
using static GapLab.Cli.Tests.CliHarness;

namespace GapLab.Cli.Tests;

public class RunCommandTests
{
    static string TempDir() => Directory.CreateTempSubdirectory("gaplab-cli-").FullName;

    [Fact]
    public void UnknownSuiteIsOneErrorLineAndExitCode2()
    {
        var (code, _, err) = Gaplab("run", "--suite", "nope", "--out", TempDir());
        Assert.Equal(2, code);
        Assert.Contains("Unknown suite 'nope'", err);
        Assert.Contains("default", err);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("--epochs", "0", "--epochs 0 must be between 1 and 100,000")]
    [InlineData("--threads", "-3", "--threads -3 must be between 0 and 1024")]
    [InlineData("--device", "tpu", "Unknown device 'tpu'")]
    [InlineData("--dataset", "imagenet", "imagenet")]
    public void BadOptionValuesExitWith2(string option, string value, string expected)
    {
        var (code, _, err) = Gaplab("run", "--suite", "smoke", option, value, "--out", TempDir());
        Assert.Equal(2, code);
        Assert.Contains(expected, err);
    }

    [Fact]
    public void UnparsableOptionExitsWith2()
    {
        var (code, _, err) = Gaplab("run", "--epochs", "many");
        Assert.Equal(2, code);
        Assert.Contains("many", err);
    }

    [Fact]
    public void MissingSuiteFileAndBadJsonAreReported()
    {
        var dir = TempDir();
        var (code, _, err) = Gaplab("run", "--suite", Path.Combine(dir, "missing.json"), "--out", dir);
        Assert.Equal(2, code);
        Assert.Contains("missing.json", err);
        var bad = Path.Combine(dir, "bad.json");
        File.WriteAllText(bad, "{ \"models\": [\"mlp\"], \"epochs\": \"three\" }");
        (code, _, err) = Gaplab("run", "--suite", bad, "--out", dir);
        Assert.Equal(2, code);
        Assert.Contains("bad.json", err);
        File.WriteAllText(bad, "{ \"models\": [\"mlp\"], \"epoch\": 3 }");
        (code, _, err) = Gaplab("run", "--suite", bad, "--out", dir);
        Assert.Equal(2, code);
        Assert.Contains("epoch", err);
    }

    [Fact]
    public void SmokeSuiteWritesRunsCsvWithGapColumnsAndResumes()
    {
        var dir = TempDir();
        var (code, stdout, err) = Gaplab("run", "--suite", "smoke", "--out", dir, "--device", "cpu");
        Assert.True(code == 0, err + stdout);
        var table = GapLab.IO.CsvTable.Read(Path.Combine(dir, "runs.csv"));
        Assert.Equal(2, table.Rows.Count);
        var header = table.Header;
        foreach (var col in new[] { "model", "params", "seed", "epochs", "train_acc", "test_acc", "train_loss", "test_loss", "acc_gap", "loss_gap", "status",
                     "dataset_fingerprint", "device", "torchsharp_version", "libtorch_version" })
            Assert.Contains(col, header);
        int Col(string n) => table.Column(n);
        foreach (var row in table.Rows)
        {
            double train = double.Parse(row[Col("train_acc")], CultureInfo.InvariantCulture);
            double test = double.Parse(row[Col("test_acc")], CultureInfo.InvariantCulture);
            double gap = double.Parse(row[Col("acc_gap")], CultureInfo.InvariantCulture);
            Assert.Equal(train - test, gap, 12);
            Assert.Equal("completed", row[Col("status")]);
            Assert.InRange(test, 0.5, 1.0); // two epochs on 1,000 Fashion-MNIST images beat chance (0.1) by far
            Assert.Equal("cpu", row[Col("device")]);
        }
        Assert.True(File.Exists(Path.Combine(dir, "epochs.csv")));
        Assert.Contains("acc gap", stdout);
        // second invocation skips the finished runs
        (code, stdout, _) = Gaplab("run", "--suite", "smoke", "--out", dir, "--device", "cpu");
        Assert.Equal(0, code);
        Assert.Contains("2 run(s) already in", stdout);
        Assert.Equal(2, GapLab.IO.CsvTable.Read(Path.Combine(dir, "runs.csv")).Rows.Count);
    }

    /// <summary>Run ids name a shifted seed and an overridden epoch count, so neither passes for a finished run of the folder.</summary>
    [Theory]
    [InlineData("--seed", "7", "mlp:depth=1,width=8|seed=7", "seed", "7")]
    [InlineData("--epochs", "2", "mlp:depth=1,width=8|epochs=2|seed=0", "epochs", "2")]
    public void AnOverrideIntoAnExistingFolderTrainsItsOwnRunsAndResumesThem(string option, string value, string newId, string column, string expected)
    {
        var (dir, args) = CliHarness.SuiteRunInTempFolder("gaplab-override-", """
            { "name": "tiny", "models": ["mlp:depth=1,width=8"], "seeds": [0], "train_size": 100, "epochs": 1, "batch_size": 50 }
            """);
        // the defaults (--seed 0) and an override equal to the suite's own value (--epochs 1) keep the ids of earlier versions
        var (code, stdout, err) = Gaplab([.. args, option, option == "--epochs" ? "1" : "0"]);
        Assert.True(code == 0, err + stdout);
        (code, stdout, err) = Gaplab([.. args, option, value]);
        Assert.True(code == 0, err + stdout);
        Assert.DoesNotContain("already in", stdout); // not the finished run of the first call
        var table = GapLab.IO.CsvTable.Read(Path.Combine(dir, "runs.csv"));
        int id = table.Column("run_id"), col = table.Column(column), steps = table.Column("steps");
        Assert.Equal(new[] { "mlp:depth=1,width=8|seed=0", newId }.Order(StringComparer.Ordinal), table.Rows.Select(r => r[id]).Order(StringComparer.Ordinal));
        var row = table.Rows.Single(r => r[id] == newId);
        Assert.Equal(expected, row[col]);
        Assert.Equal(option == "--epochs" ? "4" : "2", row[steps]); // 100 images, batch 50: 2 steps per epoch
        (code, stdout, _) = Gaplab([.. args, option, value]);
        Assert.Equal(0, code);
        Assert.Contains("1 run(s) already in", stdout);
        Assert.Equal(2, GapLab.IO.CsvTable.Read(Path.Combine(dir, "runs.csv")).Rows.Count);
    }

    [Fact]
    public void AModelTooLargeForTheMachineStopsBeforeAnythingIsBuiltOrWritten()
    {
        var (dir, args) = CliHarness.SuiteRunInTempFolder("gaplab-huge-", """
            { "name": "huge", "models": ["mlp:width=1048576"], "seeds": [0], "epochs": 1 }
            """);
        var (code, _, err) = Gaplab(args);
        Assert.Equal(2, code);
        // 784*2^20 + 2^40 + 10*2^20 weights (+ biases) = 1.1e12 parameters, 16 bytes each to train: ~17,600 GB
        Assert.Matches(@"^gaplab: this model needs ~\d+ GB; the machine has \d+(\.\d)? GB available \(mlp:depth=2,dropout=0,width=1048576: 1,100,346,294,282 parameters", err);
        Assert.Single(err.Trim().Split('\n'));
        Assert.False(File.Exists(Path.Combine(dir, "gaplab.duckdb")));
        Assert.False(File.Exists(Path.Combine(dir, "runs.csv")));
    }
}
