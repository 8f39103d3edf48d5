using System.Text.Json;
using GapLab.Analysis;
using GapLab.Store;
using GapLab.Suites;
using static GapLab.Cli.Tests.CliHarness;
using GapLab.IO;

namespace GapLab.Cli.Tests;

public class StoreCommandTests
{
    /// <summary>A store with two measures of one model, written through the API (no training).</summary>
    static string StoreWithMeasures()
    {
        var dir = Directory.CreateTempSubdirectory("gaplab-storecmd-").FullName;
        var session = new StoreSession
        {
            SessionId = "s1", Command = "measure", GaplabVersion = "0.1.0", TorchsharpVersion = "0.107.0", LibtorchVersion = "2.10.0",
            DotnetVersion = "10.0", Os = "Linux", ProcessorCount = 2, RequestedDevice = "cpu", Device = "cpu", Threads = 1, Seeds = "seed=0",
            Datasets = "d:fp", StartedUtc = new DateTime(2026, 1, 1),
        };
        ResultStore.OpenOrCreate(dir).Append(session, new[]
        {
            new MeasureRow("r1", "mlp:width=8", "w.safetensors", "d", "fp", 100, "L2", 2.5, 6.25, "W", ""),
            new MeasureRow("r1", "mlp:width=8", "w.safetensors", "d", "fp", 100, "SPEC", 4, 16, "W", "with, comma"),
        });
        return dir;
    }

    [Fact]
    public void SqlPrintsATableCsvOrJson()
    {
        var dir = StoreWithMeasures();
        const string sql = "SELECT measure, value, notes FROM measures ORDER BY measure";
        var (code, stdout, err) = Gaplab("store", "sql", sql, "--store", dir, "--format", "csv");
        Assert.True(code == 0, err);
        Assert.Equal("measure,value,notes\nL2,2.5,\nSPEC,4,\"with, comma\"\n", stdout);

        (code, stdout, err) = Gaplab("store", "sql", "SELECT measure, value * 2 AS twice FROM measures ORDER BY measure", "--store", dir, "--format", "json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(8.0, doc.RootElement[1].GetProperty("twice").GetDouble());
        Assert.Equal("L2", doc.RootElement[0].GetProperty("measure").GetString());

        (code, stdout, err) = Gaplab("store", "sql", "SELECT measure, value FROM measures ORDER BY measure", "--store", dir);
        Assert.True(code == 0, err);
        Assert.Contains("SPEC", stdout);
        Assert.Contains("2 row(s)", stdout);
    }

    [Fact]
    public void ExportWritesEveryTableAsCsvOrParquet()
    {
        var dir = StoreWithMeasures();
        var to = Path.Combine(dir, "export");
        var (code, stdout, err) = Gaplab("store", "export", "--store", dir, "--to", to, "--format", "csv");
        Assert.True(code == 0, err);
        Assert.Equal(GapLab.Store.StoreSchema.Tables.Count, stdout.Trim().Split('\n').Length);
        Assert.Equal(new[] { "L2", "SPEC" }, CsvTable.Read(Path.Combine(to, "measures.csv")).Values("measure").Order());
        Assert.Empty(CsvTable.Read(Path.Combine(to, "runs.csv")).Rows);

        (code, _, err) = Gaplab("store", "export", "--store", dir, "--to", to);
        Assert.True(code == 0, err);
        // store sql cannot read files outside the store; the trusted API reads the export back
        var back = ResultStore.Open(dir).Query($"SELECT sum(value) AS s FROM read_parquet('{Path.Combine(to, "measures.parquet")}')");
        Assert.Equal(6.5, (double)back["s"][0]!);
    }

    [Theory]
    [InlineData("WITH x AS (SELECT 1 AS a) SELECT a FROM x", "a\n1\n")]
    [InlineData("-- a comment; with a semicolon\nSELECT ';' AS s;", "s\n;\n")]
    [InlineData("FROM measures SELECT count(*) AS n", "n\n2\n")]
    [InlineData("SELECT $$;$$ AS d, E'\\';' AS e", "d,e\n;,';\n")]
    public void OneReadOnlyQueryRuns(string sql, string expected)
    {
        var dir = StoreWithMeasures();
        var (code, stdout, err) = Gaplab("store", "sql", sql, "--store", dir, "--format", "csv");
        Assert.True(code == 0, err);
        Assert.Equal(expected, stdout);
    }

    [Theory]
    [InlineData("COPY measures TO 'OUT/runs.csv'", "'COPY' is not a read-only query")]
    [InlineData("COPY (SELECT 1) TO 'OUT/x.csv' (FORMAT csv)", "gaplab store export")]
    [InlineData("SELECT 1; COPY measures TO 'OUT/x.csv'", "more than one statement")]
    [InlineData("SELECT $$'$$; COPY measures TO 'OUT/x.csv'", "more than one statement")]
    [InlineData("SELECT E'\\''; COPY measures TO 'OUT/x.csv'", "more than one statement")]
    [InlineData("DROP TABLE measures", "'DROP' is not a read-only query")]
    [InlineData("PRAGMA database_list", "'PRAGMA' is not a read-only query")]
    [InlineData("ATTACH 'OUT/x.duckdb'", "'ATTACH' is not a read-only query")]
    [InlineData("SET enable_external_access = true", "'SET' is not a read-only query")]
    [InlineData("SELECT * FROM read_csv('/etc/passwd')", "disabled")]
    [InlineData("SELECT * FROM read_blob('/etc/hostname')", "disabled")]
    [InlineData("   ;  ", "empty")]
    public void WritesMoreStatementsAndOutsideFilesAreRefused(string sql, string expected)
    {
        var dir = StoreWithMeasures();
        var before = Directory.GetFiles(dir).Order().ToArray();
        var (code, stdout, err) = Gaplab("store", "sql", sql.Replace("OUT", dir, StringComparison.Ordinal), "--store", dir);
        Assert.True(code == 2, $"exit {code}: {stdout}{err}");
        Assert.Contains(expected, err);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Equal(before, Directory.GetFiles(dir).Order().ToArray()); // nothing written
        Assert.Equal(2L, ResultStore.Open(dir).Query("SELECT count(*) FROM measures").Columns[0][0]);
    }

    [Theory]
    [InlineData("sql|SELECT 1|--format|xml", "--format 'xml' is not supported")]
    [InlineData("sql|SELECT nope FROM runs", "nope")]
    [InlineData("export|--to|/tmp/gaplab-never|--format|xlsx", "Export format 'xlsx' is not supported")]
    public void BadInputIsOneErrorLineAndExitCode2(string args, string expected)
    {
        var dir = StoreWithMeasures();
        var (code, _, err) = Gaplab(["store", .. args.Split('|'), "--store", dir]);
        Assert.Equal(2, code);
        Assert.Contains(expected, err);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public void AFolderWithoutAStoreIsNamed()
    {
        var dir = Directory.CreateTempSubdirectory("gaplab-storecmd-").FullName;
        var (code, _, err) = Gaplab("store", "sql", "SELECT 1", "--store", dir);
        Assert.Equal(2, code);
        Assert.Contains($"No result store in '{dir}'", err);
    }
}
