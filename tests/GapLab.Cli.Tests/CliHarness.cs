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
}
