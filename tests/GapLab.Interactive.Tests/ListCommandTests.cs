using GapLab.Interactive.Commands;
using GapLab.Interactive.Magic;
using GapLab.Metrics.Complexity;
using Microsoft.Data.Analysis;

namespace GapLab.Interactive.Tests;

/// <summary>#!gaplab list: the registries as a DataFrame, with the CLI's parameters and errors.</summary>
public class ListCommandTests
{
    static Task<MagicResult> Invoke(RecordingMagicContext ctx, params (string, string?)[] args) =>
        BuiltInCommands.CreateRegistry().InvokeAsync("list", args.ToDictionary(p => p.Item1, p => p.Item2), ctx);

    [Fact]
    public async Task List_returns_the_registry_as_a_dataframe()
    {
        var ctx = new RecordingMagicContext();
        var r = await Invoke(ctx, ("--what", "measures"), ("--as", "measures"));
        Assert.Null(r.Error);
        var frame = Assert.IsType<DataFrame>(r.Value);
        Assert.Equal(["name", "category", "summary", "details"], frame.Columns.Select(c => c.Name));
        Assert.Equal(MeasureCatalog.Names, Enumerable.Range(0, (int)frame.Rows.Count).Select(i => (string)frame.Columns["name"][i]));
        Assert.Equal(["models", "measures", "corruptions", "datasets", "suites", "testbeds"], ListCommand.Descriptor.FindParameter("--what")!.CompletionValues());
        var models = Assert.IsType<DataFrame>((await Invoke(new RecordingMagicContext())).Value);
        Assert.Equal("mlp", (string)models.Columns["name"][0]);
        Assert.Equal("#!gaplab list: --what 'nosuch' is not accepted; use one of: models, measures, corruptions, datasets, suites, testbeds.",
            (await Invoke(new RecordingMagicContext(), ("--what", "nosuch"))).Error);
    }
}
