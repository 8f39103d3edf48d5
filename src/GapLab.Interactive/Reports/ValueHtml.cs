using GapLab.Analysis;
using GapLab.Interactive.Formatting;
using static GapLab.Interactive.Formatting.Html;
using GapLab.IO;

namespace GapLab.Interactive.Reports;

/// <summary>
/// The HTML of one displayed value in a report: GapLab's formatter when there is one (tensors, modules, DataFrames, charts, cards),
/// an XPlot.Plotly chart a user still has (drawn through its own <c>GetInlineHtml()</c>, found by reflection: GapLab does not
/// reference XPlot), a data-frame table for a list of plain records, else the text. Charts draw with a plotly.js the page loads once.
/// </summary>
public static class ValueHtml
{
    public static string Render(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value is string s) return "<pre>" + Encode(s) + "</pre>";
        if (value is RenderedHtml rendered) return rendered.Html;
        if (GapLabFormatters.ToHtml(value, PlotlyScript.Preloaded) is { } html) return html;
        if (XPlotHtml(value) is { } xplot) return xplot;
        if (RecordsTable(value) is { } table) return table;
        return "<pre>" + Encode(value.ToString()) + "</pre>";
    }

    /// <summary>True when <paramref name="html"/> (from <see cref="Render"/>) draws a plotly chart.</summary>
    public static bool DrawsChart(string html) => html.Contains("Plotly.newPlot", StringComparison.Ordinal);

    /// <summary>Type name of XPlot.Plotly's chart (XPlot 4.x): its <c>GetInlineHtml()</c> draws with the page's <c>Plotly</c>.</summary>
    public const string XPlotChartType = "XPlot.Plotly.PlotlyChart";

    /// <summary>The inline HTML of an XPlot.Plotly chart (a fixed-size div, scrolled when wider than the page); null for anything else.</summary>
    static string? XPlotHtml(object value)
    {
        if (value.GetType().FullName != XPlotChartType) return null;
        var method = value.GetType().GetMethod("GetInlineHtml", Type.EmptyTypes);
        return method?.Invoke(value, null) is string html ? "<div class=\"gaplab-xplot\" style=\"overflow-x:auto\">" + html + "</div>" : null;
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
}
