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
}
