using GapLab.Data;
using GapLab.Interactive.Commands;
using GapLab.Interactive.Formatting;
using GapLab.Interactive.Magic;
using GapLab.Runtime;

namespace GapLab.Interactive.Tests;

public class BuiltInCommandTests
{
    static Dictionary<string, string?> Args(params (string, string?)[] pairs) => pairs.ToDictionary(p => p.Item1, p => p.Item2);

    [Fact]
    public void Session_registry_has_the_built_in_subcommands()
    {
        Assert.Equal(["device", "data"], MagicCommands.Descriptors.Select(d => d.Name).Take(2).ToArray());
        Assert.All(MagicCommands.Descriptors, d => Assert.Contains(d.Parameters, p => p.Name == "--as"));
    }

    [Fact]
    public async Task Device_applies_cpu_threads_and_seed_and_binds_runtime_info()
    {
        var ctx = new RecordingMagicContext();
        var result = await BuiltInCommands.CreateRegistry().InvokeAsync("device",
            Args(("--device", "cpu"), ("--threads", "1"), ("--seed", "7"), ("--as", "rt")), ctx);
        Assert.True(result.Succeeded, result.Error);
        var info = Assert.IsType<RuntimeInfo>(ctx.Variables["rt"].Value);
        Assert.Equal("cpu", info.Device.ToLowerInvariant());
        Assert.Equal(1, info.Threads);
        Assert.Equal(7, info.Seed);
        Assert.Same(info, ctx.Displayed.Single());
    }

    [Fact]
    public async Task Device_with_an_unknown_name_reports_the_accepted_ones()
    {
        var result = await BuiltInCommands.CreateRegistry().InvokeAsync("device", Args(("--device", "gpu")), new RecordingMagicContext());
        Assert.Equal("#!gaplab device: Unknown device 'gpu': use auto, cpu, cuda or cuda:N.", result.Error);
    }

    [Fact]
    public async Task Data_describes_a_dataset_variable()
    {
        var ctx = new RecordingMagicContext();
        ctx.Variables["ds"] = (CardFormatterTests.Tiny(), typeof(Dataset));
        var result = await BuiltInCommands.CreateRegistry().InvokeAsync("data", Args(("--from", "ds"), ("--as", "summary")), ctx);
        Assert.True(result.Succeeded, result.Error);
        var summary = Assert.IsType<DatasetSummary>(ctx.Variables["summary"].Value);
        Assert.Equal([1, 2], summary.ClassCounts);
    }

    [Fact]
    public async Task Data_picks_a_split_part_or_both()
    {
        var ctx = new RecordingMagicContext();
        ctx.Variables["split"] = (new DatasetSplit(CardFormatterTests.Tiny(), CardFormatterTests.Tiny().Subset([2])), typeof(DatasetSplit));
        var registry = BuiltInCommands.CreateRegistry();
        var test = await registry.InvokeAsync("data", Args(("--from", "split"), ("--split", "test")), ctx);
        Assert.Equal(1, Assert.IsType<DatasetSummary>(test.Value).Count);
        var both = await registry.InvokeAsync("data", Args(("--from", "split")), ctx);
        Assert.Equal(3, Assert.IsType<DatasetSplitSummary>(both.Value).Train.Count);
    }

    [Fact]
    public async Task Data_reports_missing_or_wrongly_typed_variables()
    {
        var ctx = new RecordingMagicContext();
        ctx.Variables["n"] = (5, typeof(int));
        var registry = BuiltInCommands.CreateRegistry();
        Assert.Equal("#!gaplab data: --from 'nope': no such variable in the C# kernel; create it first (e.g. var nope = ...Dataset...).",
            (await registry.InvokeAsync("data", Args(("--from", "nope")), ctx)).Error);
        Assert.Equal("#!gaplab data: --from 'n' is a Int32; expected a GapLab.Data.Dataset or DatasetSplit.",
            (await registry.InvokeAsync("data", Args(("--from", "n")), ctx)).Error);
        Assert.Equal("#!gaplab data: --split 'valid' is not accepted; use one of: both, train, test.",
            (await registry.InvokeAsync("data", Args(("--from", "n"), ("--split", "valid")), ctx)).Error);
    }
}
