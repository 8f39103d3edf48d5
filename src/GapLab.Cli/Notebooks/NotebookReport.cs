using System.Globalization;
using System.Security.Cryptography;
using GapLab.Interactive;
using GapLab.Interactive.Reports;

namespace GapLab.Cli.Notebooks;

/// <summary>
/// The <see cref="HtmlReport"/> of a notebook run: provenance (notebook file and SHA-256, status, plus the report's own block:
/// versions, git commit, device, threads, seeds, dataset fingerprints, command, times), then every cell: markdown rendered, code
/// shown with its outputs drawn by the GapLab formatters, and the error of the cell that stopped the run.
/// </summary>
public static class NotebookReport
{
    public static HtmlReport Build(NotebookRun run, string? commandLine = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        var path = Path.GetFullPath(run.Notebook.Path);
        var provenance = new ReportProvenance(commandLine, run.StartedUtc) { FinishedUtc = run.FinishedUtc }
            .Set("notebook", path)
            .Set("notebook SHA-256", Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))).ToLowerInvariant())
            .Set("status", run.Succeeded ? $"all {run.Cells.Count} cells ran" : $"stopped at cell {run.FirstError!.Cell.Index}: {run.FirstError.Error!.Split('\n')[0]}");
        if (run.Notebook.Parameters.Count > 0)
            provenance.Set("parameters", string.Join(", ", run.Notebook.Parameters.Select(p => $"{p.Key}={p.Value}")));
        var report = new HtmlReport(run.Notebook.Title, provenance);
        foreach (var cell in run.Cells)
        {
            if (cell.Cell.IsMarkdown) report.AddMarkdown(WithoutTitle(cell.Cell.Source, run.Notebook.Title));
            else report.AddCode(cell.Cell.Source, cell.Outputs.Select(o => o.Value), cell.Error,
                $"[{cell.Cell.Index}] {cell.Seconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
        }
        int notRun = run.Notebook.Cells.Count - run.Cells.Count;
        if (notRun > 0) report.AddError($"{notRun} later cell(s) were not run because cell {run.FirstError!.Cell.Index} failed.");
        return report;
    }

    public static string ToHtml(NotebookRun run, PlotlyScript plotly, string? commandLine = null) => Build(run, commandLine).ToHtml(plotly);

    /// <summary>The markdown without its "# title" line when that is the report's title (the report heads the page with it already).</summary>
    internal static string WithoutTitle(string markdown, string title)
    {
        var lines = markdown.Split('\n');
        int i = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (i < 0 || lines[i].TrimEnd() != "# " + title) return markdown;
        return string.Join('\n', lines.Where((_, k) => k != i));
    }
}
