using GapLab.Interactive.Magic;
using GapLab.Interactive.Reports;

namespace GapLab.Interactive.Commands;

/// <summary>
/// <c>#!gaplab report --out FILE [--title TEXT] [--vars a,b]</c>: writes an <see cref="HtmlReport"/> with the provenance block and
/// either the values the session has shown so far (<see cref="IMagicContext.SessionOutputs"/>: every <c>#!gaplab</c> output,
/// and under <c>gaplab notebook run</c> every cell output too) or, with <c>--vars</c>, the named C# variables under their names.
/// </summary>
public static class ReportCommand
{
    public static MagicCommandDescriptor Descriptor { get; } = new(
        "report",
        "Writes a self-contained HTML report (provenance + outputs shown so far, or the variables named by --vars).",
        [
            new("--out", "The HTML file to write (its folder must exist).", Required: true),
            new("--title", "Title of the report.", DefaultValue: "GapLab report"),
            new("--vars", "Comma-separated C# variables to report instead of the outputs shown so far, e.g. runs,chart."),
            MagicParameterDescriptor.As("the SavedReport (path, items, size)"),
        ]);

    public static Task<object?> HandleAsync(MagicArguments args, IMagicContext context)
    {
        var outPath = args.GetRequiredString("--out");
        var report = new HtmlReport(args.GetRequiredString("--title"), new ReportProvenance(args.CommandLine));
        if (args.GetString("--vars") is { } vars)
        {
            foreach (var name in Names(vars))
            {
                var value = NotebookVariables.Get(context, "--vars", name, "run the cell that defines it");
                report.AddHeading(name).Add(value);
            }
        }
        else
        {
            var shown = context.SessionOutputs?.Snapshot() ?? [];
            if (shown.Count == 0)
                throw new ArgumentException("nothing has been shown in this session yet; run #!gaplab commands first, or name variables with --vars a,b.");
            if (context.SessionOutputs!.Dropped is > 0 and var dropped)
                report.AddMarkdown($"The {dropped} earliest outputs of this session are not in this report: a session keeps its latest {context.SessionOutputs.Capacity} outputs. Name variables with `--vars` to report older results.");
            foreach (var value in shown) report.Add(value);
        }
        var path = report.Save(outPath);
        return Task.FromResult<object?>(new SavedReport(path, report.Count, new FileInfo(path).Length, report.HasCharts ? PlotlyScript.Default.Origin : "no charts"));
    }

    /// <summary>The variable names of <c>--vars</c>: comma-separated C# identifiers, at least one.</summary>
    public static IReadOnlyList<string> Names(string vars)
    {
        var names = vars.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0) throw new ArgumentException("--vars is empty; give comma-separated C# variable names, e.g. --vars runs,chart.");
        foreach (var n in names)
            if (!MagicNames.IsIdentifier(n)) throw new ArgumentException($"--vars '{n}' is not a C# variable name; give comma-separated names, e.g. --vars runs,chart.");
        return names;
    }


}
