using GapLab.Tests.Shared;
using static GapLab.Cli.Tests.CliHarness;

namespace GapLab.Cli.Tests;

/// <summary>
/// Ctrl+C (SIGINT) or SIGTERM during a long `gaplab measure` (a PAC-Bayes search) stops it at its next step: exit 1, one line
/// "cancelled; nothing written", and nothing appended to the store (issue 13: the action used to run its whole body before
/// System.CommandLine installed its signal handler, so the search could not be stopped).
/// </summary>
public class MeasureInterruptTests
{
    [RequiresTheory(Requirement.Linux)] // signals via kill(1)
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task A_signal_stops_a_long_search_and_writes_nothing(string signal)
    {
        var (dir, args) = SuiteRunInTempFolder("gaplab-measure-int-", """
            { "name": "measure-interrupt", "models": ["mlp:depth=1,width=32"], "seeds": [0], "train_size": 300, "epochs": 1, "batch_size": 50 }
            """);
        var (code, _, trainErr) = Gaplab([.. args.Where(a => a != "--no-weights")]);
        Assert.True(code == 0, trainErr);
        var weights = Directory.GetFiles(Path.Combine(dir, "models"), "*.safetensors").Single(f => !f.EndsWith(".init.safetensors"));
        var store = Path.Combine(dir, "measure-store");

        var (child, stdout, errSoFar) = StartChildWatchingStderr("measure", "--weights", weights, "--measures", "PACBAYES_ORIG,PACBAYES_MAG_ORIG",
            "--examples", "300", "--draws", "400", "--depth", "20", "--train-size", "300", "--device", "cpu", "--store", store);
        using var _ = child;
        await WaitUntil(child, Task.FromResult(""), () => errSoFar().Contains("measure: [", StringComparison.Ordinal), "the measurement started", pollMs: 20, seconds: 120);
        using (var kill = System.Diagnostics.Process.Start("kill", ["-" + signal, child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
        Assert.True(child.WaitForExit(30_000), $"gaplab measure did not stop within 30 s of SIG{signal}: {errSoFar()}");
        child.WaitForExit(); // drain the asynchronous stderr reader
        await stdout;

        Assert.True(child.ExitCode == 1, $"exit {child.ExitCode}: {errSoFar()}");
        Assert.Contains("gaplab: cancelled; nothing written.", errSoFar());
        Assert.DoesNotContain("measures appended", errSoFar());
        Assert.False(Directory.Exists(store) && Directory.EnumerateFileSystemEntries(store).Any(), "the cancelled measurement wrote to the store");
    }
}
