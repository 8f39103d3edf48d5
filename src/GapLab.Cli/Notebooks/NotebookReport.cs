using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GapLab.Analysis;
using GapLab.Interactive;
using GapLab.Interactive.Formatting;
using GapLab.Runtime;
using static GapLab.Interactive.Formatting.Html;

namespace GapLab.Cli.Notebooks;

/// <summary>
/// A self-contained HTML report of a notebook run: a provenance block (notebook file and SHA-256, times, versions, machine,
/// where plotly.js comes from), then every cell: markdown rendered, code shown with its outputs drawn by the GapLab formatters,
/// and the error of the cell that stopped the run. plotly.js is included once, in the page head.
/// </summary>
public static class NotebookReport
{
    public static string ToHtml(NotebookRun run, PlotlyScript plotly, string? commandLine = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(plotly);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>").Append(Encode(run.Notebook.Title)).Append("</title>\n")
          .Append("<style>").Append(Style).Append("</style>\n").Append(plotly.Tag()).Append("\n</head><body>\n");
        sb.Append("<section class=\"provenance\">").Append(Card("Provenance", Provenance(run, plotly, commandLine).Select(f => (f.Key, Encode(f.Value))))).Append("</section>\n");
        foreach (var cell in run.Cells)
        {
            if (cell.Cell.IsMarkdown)
            {
                sb.Append("<section class=\"markdown\">").Append(MiniMarkdown.ToHtml(cell.Cell.Source)).Append("</section>\n");
                continue;
            }
            sb.Append("<section class=\"cell\"><div class=\"source\"><span class=\"label\">[").Append(cell.Cell.Index)
              .Append("] ").Append(cell.Seconds.ToString("0.0", CultureInfo.InvariantCulture)).Append(" s</span><pre><code>")
              .Append(Encode(cell.Cell.Source)).Append("</code></pre></div>\n");
            foreach (var output in cell.Outputs) sb.Append("<div class=\"output\">").Append(Render(output.Value)).Append("</div>\n");
            if (cell.Error is not null) sb.Append("<div class=\"error\"><pre>").Append(Encode(cell.Error)).Append("</pre></div>\n");
            sb.Append("</section>\n");
        }
        int notRun = run.Notebook.Cells.Count - run.Cells.Count;
        if (notRun > 0) sb.Append("<section class=\"error\"><p>").Append(notRun).Append(" later cell(s) were not run because cell ")
            .Append(run.FirstError!.Cell.Index).Append(" failed.</p></section>\n");
        return sb.Append("</body></html>\n").ToString();
    }

    /// <summary>HTML for one displayed value: GapLab's formatter when there is one, a table for lists of records, else the text.</summary>
    public static string Render(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value is string s) return "<pre>" + Encode(s) + "</pre>";
        if (GapLabFormatters.ToHtml(value, PlotlyScript.Preloaded) is { } html) return html;
        if (RecordsTable(value) is { } table) return table;
        return "<pre>" + Encode(value.ToString()) + "</pre>";
    }

    /// <summary>A list of plain records (IEnumerable&lt;T&gt;, T a class with properties) as a data-frame table; null for anything else.</summary>
    static string? RecordsTable(object value)
    {
        var element = value.GetType().GetInterfaces().Append(value.GetType())
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            .Select(i => i.GetGenericArguments()[0]).FirstOrDefault();
        if (element is null || element.IsPrimitive || element == typeof(string) || !element.IsClass && !element.IsValueType) return null;
        try
        {
            var frame = typeof(RecordFrame).GetMethod(nameof(RecordFrame.ToDataFrame))!.MakeGenericMethod(element).Invoke(null, [value]);
            return frame is Microsoft.Data.Analysis.DataFrame f ? DataFrameFormatter.ToHtml(f) : null;
        }
        catch (System.Reflection.TargetInvocationException) { return null; }
    }

    static IEnumerable<(string Key, string Value)> Provenance(NotebookRun run, PlotlyScript plotly, string? commandLine)
    {
        var path = Path.GetFullPath(run.Notebook.Path);
        yield return ("notebook", path);
        yield return ("notebook SHA-256", Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))).ToLowerInvariant());
        if (run.Notebook.Parameters.Count > 0)
            yield return ("parameters", string.Join(", ", run.Notebook.Parameters.Select(p => $"{p.Key}={p.Value}")));
        yield return ("status", run.Succeeded ? $"all {run.Cells.Count} cells ran" : $"stopped at cell {run.FirstError!.Cell.Index}: {run.FirstError.Error!.Split('\n')[0]}");
        yield return ("started (UTC)", run.StartedUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        yield return ("duration", (run.FinishedUtc - run.StartedUtc).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s");
        yield return ("GapLab", TorchEnvironment.GapLabVersion());
        yield return ("TorchSharp", TorchRuntime.TorchSharpVersion());
        yield return ("libtorch", TorchEnvironment.LibTorchVersion());
        yield return (".NET", Environment.Version.ToString());
        yield return ("OS", System.Runtime.InteropServices.RuntimeInformation.OSDescription);
        yield return ("processors", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture));
        yield return ("plotly.js", plotly.Origin);
        if (commandLine is not null) yield return ("command", commandLine);
    }

    const string Style =
        "body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}" +
        "pre{background:#f6f8fa;padding:.6em;overflow-x:auto}section{margin:1em 0}.cell{border-left:3px solid #d0d7de;padding-left:.8em}" +
        ".label{color:#888;font-size:.8em}.error pre,.error p{background:#ffeef0;color:#86181d}" +
        "table.gaplab{border-collapse:collapse;margin:.4em 0}table.gaplab td,table.gaplab th{border:1px solid #d0d7de;padding:.2em .5em;text-align:left}" +
        "caption{font-weight:bold;text-align:left}";
}
