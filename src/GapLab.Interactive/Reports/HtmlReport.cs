using System.Text;
using static GapLab.Interactive.Formatting.Html;

namespace GapLab.Interactive.Reports;

/// <summary>
/// A self-contained HTML report: a title, a provenance block (<see cref="ReportProvenance"/>), then headings, markdown, values
/// drawn by the same formatters as notebook outputs (DataFrames, charts, records, tensors, cards) and code with its outputs.
/// plotly.js is written once, in the page head, when a chart is present (the copy embedded in Plotly.NET: the page works offline);
/// charts take the page's width and their own height, wide tables and long error lines scroll or wrap inside the page.
/// Values are rendered when added, so later changes to them (or disposing them) do not change the report.
/// </summary>
public sealed class HtmlReport
{
    readonly List<string> _blocks = [];
    bool _hasChart;

    public HtmlReport(string title, ReportProvenance? provenance = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        Title = title;
        Provenance = provenance ?? new ReportProvenance();
    }

    public string Title { get; }
    public ReportProvenance Provenance { get; }

    /// <summary>Number of blocks added (headings, markdown, values, code cells, errors).</summary>
    public int Count => _blocks.Count;

    /// <summary>True when a block draws a plotly chart (the page then loads plotly.js).</summary>
    public bool HasCharts => _hasChart;

    public HtmlReport AddHeading(string text, int level = 2)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (level is < 1 or > 6) throw new ArgumentOutOfRangeException(nameof(level), level, $"Heading level {level} is not accepted; use 1 to 6.");
        return Append($"<h{level}>{Encode(text)}</h{level}>");
    }

    /// <summary>Markdown text (headings, paragraphs, lists, code, inline code/bold/italic/links; see <see cref="MiniMarkdown"/>).</summary>
    public HtmlReport AddMarkdown(string markdown) => Append("<section class=\"markdown\">" + MiniMarkdown.ToHtml(markdown) + "</section>");

    /// <summary>A value as a notebook would show it (<see cref="ValueHtml.Render"/>); runtime and dataset values also feed <see cref="Provenance"/>.</summary>
    public HtmlReport Add(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Provenance.Note(value);
        return Append("<div class=\"output\">" + ValueHtml.Render(value) + "</div>");
    }

    /// <summary>HTML written as is (trusted input: it is not encoded).</summary>
    public HtmlReport AddHtml(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        return Append(html);
    }

    /// <summary>A code cell: its source (with an optional label such as "[3] 1.2 s"), then its outputs and the error it stopped with.</summary>
    public HtmlReport AddCode(string source, IEnumerable<object>? outputs = null, string? error = null, string? label = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var sb = new StringBuilder("<section class=\"cell\"><div class=\"source\">");
        if (label is not null) sb.Append("<span class=\"label\">").Append(Encode(label)).Append("</span>");
        sb.Append("<pre><code>").Append(Encode(source)).Append("</code></pre></div>\n");
        foreach (var output in outputs ?? [])
        {
            Provenance.Note(output);
            sb.Append("<div class=\"output\">").Append(ValueHtml.Render(output)).Append("</div>\n");
        }
        if (error is not null) sb.Append("<div class=\"error\"><pre>").Append(Encode(error)).Append("</pre></div>\n");
        return Append(sb.Append("</section>").ToString());
    }

    /// <summary>An error message, shown in red.</summary>
    public HtmlReport AddError(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Append("<section class=\"error\"><p>" + Encode(message) + "</p></section>");
    }

    /// <summary>The whole page; plotly.js from <paramref name="plotly"/> (default <see cref="PlotlyScript.Default"/>).</summary>
    public string ToHtml(PlotlyScript? plotly = null)
    {
        plotly ??= PlotlyScript.Default;
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>").Append(Encode(Title)).Append("</title>\n")
          .Append("<style>").Append(Style).Append("</style>\n");
        if (_hasChart) sb.Append(plotly.Tag()).Append('\n');
        sb.Append("</head><body>\n<h1>").Append(Encode(Title)).Append("</h1>\n");
        var fields = Provenance.Fields(_hasChart ? plotly : PlotlyScript.Preloaded)
            .Where(f => _hasChart || f.Key != "plotly.js").Select(f => (f.Key, Encode(f.Value)));
        sb.Append("<section class=\"provenance\">").Append(Card("Provenance", fields)).Append("</section>\n");
        foreach (var block in _blocks) sb.Append(block).Append('\n');
        return sb.Append("</body></html>\n").ToString();
    }

    /// <summary>
    /// Writes the page to <paramref name="path"/> (UTF-8) and returns its full path. Sets <see cref="ReportProvenance.FinishedUtc"/>
    /// to now when it is not set. The folder must exist.
    /// </summary>
    public string Save(string path, PlotlyScript? plotly = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        if (Path.GetDirectoryName(full) is { } dir && !Directory.Exists(dir))
            throw new DirectoryNotFoundException($"Folder of report '{path}' does not exist; create '{dir}' first or choose another path.");
        Provenance.FinishedUtc ??= DateTime.UtcNow;
        File.WriteAllText(full, ToHtml(plotly), new UTF8Encoding(false));
        return full;
    }

    HtmlReport Append(string html)
    {
        _blocks.Add(html);
        _hasChart |= ValueHtml.DrawsChart(html);
        return this;
    }

    const string Style =
        "body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}" +
        "pre{background:#f6f8fa;padding:.6em;overflow-x:auto}section{margin:1em 0}.cell{border-left:3px solid #d0d7de;padding-left:.8em}" +
        ".label{color:#888;font-size:.8em}.error pre,.error p{background:#ffeef0;color:#86181d}" +
        ".error pre{white-space:pre-wrap;overflow-wrap:anywhere}.error p{overflow-wrap:anywhere}" +
        ".output{max-width:100%;overflow-x:auto}" +
        // long unbroken provenance values (CPU flags, the command line) wrap instead of widening the page
        ".provenance td{overflow-wrap:anywhere}" +
        "table.gaplab{border-collapse:collapse;margin:.4em 0}table.gaplab td,table.gaplab th{border:1px solid #d0d7de;padding:.2em .5em;text-align:left}" +
        "caption{font-weight:bold;text-align:left}.gaplab-chart{margin:.6em 0}.gaplab-chart-data summary{color:#666;font-size:.85em;cursor:pointer}";
}
