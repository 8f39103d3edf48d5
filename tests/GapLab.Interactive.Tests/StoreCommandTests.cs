using GapLab.Interactive.Commands;
using GapLab.Store;
using Microsoft.Data.Analysis;

namespace GapLab.Interactive.Tests;

/// <summary><c>#!gaplab store --sql</c> on a store written through the API (no training).</summary>
public class StoreCommandTests
{
    static Dictionary<string, string?> Args(params (string, string?)[] pairs) => pairs.ToDictionary(p => p.Item1, p => p.Item2);

    static string StoreWithQuality()
    {
        var dir = Directory.CreateTempSubdirectory("gaplab-nbstore-").FullName;
        var session = new StoreSession
        {
            SessionId = "s1", Command = "quality", GaplabVersion = "0.1.0", TorchsharpVersion = "0.107.0", LibtorchVersion = "2.10.0",
            DotnetVersion = "10.0", Os = "Linux", ProcessorCount = 2, RequestedDevice = "cpu", Device = "cpu", Threads = 1, Seeds = "seed=0",
            Datasets = "d:fp", StartedUtc = new DateTime(2026, 1, 1),
        };
        ResultStore.OpenOrCreate(dir).Append(session, new[]
        {
            new QualityRow(null, "a", "a.safetensors", "d", "fp", 100, "accuracy", 0.8, true, 0.5, 1, 0.5, "top-1"),
            new QualityRow(null, "b", "b.safetensors", "d", "fp", 100, "accuracy", 0.6, true, -0.5, 1, -0.5, "top-1"),
            new QualityRow(null, "b", "b.safetensors", "d", "fp", 100, "shape_bias", null, true, null, null, null, "not available"),
        });
        return dir;
    }

    [Fact]
    public async Task Sql_returns_a_data_frame_bound_to_as()
    {
        var dir = StoreWithQuality();
        var ctx = new RecordingMagicContext();
        var result = await BuiltInCommands.CreateRegistry().InvokeAsync("store",
            Args(("--sql", "SELECT model, avg(value) AS mean, count(value)::INTEGER AS measured FROM quality GROUP BY model ORDER BY model"), ("--store", dir), ("--as", "q")), ctx);
        Assert.True(result.Succeeded, result.Error);
        var frame = Assert.IsType<DataFrame>(ctx.Variables["q"].Value);
        Assert.Equal(new[] { "model", "mean", "measured" }, frame.Columns.Select(c => c.Name));
        Assert.Equal(new[] { "a", "b" }, frame["model"].Cast<string>());
        Assert.Equal(new double?[] { 0.8, 0.6 }, frame["mean"].Cast<double?>());
        Assert.Equal(new int?[] { 1, 1 }, frame["measured"].Cast<int?>());
    }

    [Fact]
    public async Task A_missing_store_or_bad_sql_is_one_clear_error()
    {
        var registry = BuiltInCommands.CreateRegistry();
        var empty = Directory.CreateTempSubdirectory("gaplab-nbstore-").FullName;
        var missing = await registry.InvokeAsync("store", Args(("--sql", "SELECT 1"), ("--store", empty)), new RecordingMagicContext());
        Assert.StartsWith($"#!gaplab store: No result store in '{empty}'", missing.Error);
        var bad = await registry.InvokeAsync("store", Args(("--sql", "SELECT nope FROM quality"), ("--store", StoreWithQuality())), new RecordingMagicContext());
        Assert.Contains("nope", bad.Error);
        var noSql = await registry.InvokeAsync("store", Args(("--store", empty)), new RecordingMagicContext());
        Assert.Contains("--sql", noSql.Error);
    }

    [Theory]
    [InlineData("COPY quality TO 'OUT/runs.csv'", "'COPY' is not a read-only query")]
    [InlineData("SELECT 1; DROP TABLE quality", "more than one statement")]
    [InlineData("SELECT * FROM read_csv('/etc/passwd')", "disabled")]
    public async Task A_shared_notebook_cannot_write_or_read_outside_the_store(string sql, string expected)
    {
        var dir = StoreWithQuality();
        var result = await BuiltInCommands.CreateRegistry().InvokeAsync("store",
            Args(("--sql", sql.Replace("OUT", dir, StringComparison.Ordinal)), ("--store", dir)), new RecordingMagicContext());
        Assert.False(result.Succeeded);
        Assert.Contains(expected, result.Error);
        Assert.False(File.Exists(Path.Combine(dir, "runs.csv")));
        Assert.Equal(3L, ResultStore.Open(dir).Query("SELECT count(*) FROM quality").Columns[0][0]);
    }
}
