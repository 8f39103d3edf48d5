using System.Diagnostics;
using System.Globalization;
using GapLab.Cli;

namespace GapLab.Cli.Tests;

/// <summary>Runs the gaplab command in-process with captured stdout/stderr.</summary>
internal static class CliHarness
{
    public static (int Code, string Out, string Err) Gaplab(params string[] args)
    {
        var o = new StringWriter(CultureInfo.InvariantCulture);
        var e = new StringWriter(CultureInfo.InvariantCulture);
        int code = GapLabCli.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    /// <summary>Starts <c>dotnet gaplab.dll ARGS</c> as a child process (to be killed or interrupted), its output read in the background.</summary>
    public static (Process Child, Task<string> Out, Task<string> Err) StartChild(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "gaplab.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        var child = Process.Start(psi)!;
        return (child, child.StandardOutput.ReadToEndAsync(), child.StandardError.ReadToEndAsync());
    }

    /// <summary>Like <see cref="StartChild"/>, but stderr is collected line by line so a test can wait for a progress line.</summary>
    public static (Process Child, Task<string> Out, Func<string> ErrSoFar) StartChildWatchingStderr(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "gaplab.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        var err = new System.Text.StringBuilder();
        var child = new Process { StartInfo = psi };
        child.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (err) err.AppendLine(e.Data); };
        child.Start();
        child.BeginErrorReadLine();
        return (child, child.StandardOutput.ReadToEndAsync(), () => { lock (err) return err.ToString(); });
    }

    /// <summary>A temporary folder holding <paramref name="suiteJson"/> as suite.json, and the arguments of a CPU, one-thread,
    /// no-weights <c>gaplab run</c> of it into that folder.</summary>
    public static (string Dir, string[] Args) SuiteRunInTempFolder(string prefix, string suiteJson)
    {
        var dir = Directory.CreateTempSubdirectory(prefix).FullName;
        var suite = Path.Combine(dir, "suite.json");
        File.WriteAllText(suite, suiteJson);
        return (dir, ["run", "--suite", suite, "--out", dir, "--device", "cpu", "--threads", "1", "--no-weights"]);
    }

    /// <summary>Polls <paramref name="ready"/> until it holds; fails if the child exits first or <paramref name="seconds"/> pass.</summary>
    public static async Task WaitUntil(Process child, Task<string> stderr, Func<bool> ready, string what, int pollMs, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!ready())
        {
            if (child.HasExited) Assert.Fail($"gaplab ended before {what} (exit {child.ExitCode}): {await stderr}");
            Assert.True(DateTime.UtcNow < deadline, $"not {what} within {seconds} s");
            await Task.Delay(pollMs);
        }
    }
}
