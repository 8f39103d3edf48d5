using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Plotly.NET;

namespace GapLab.Interactive.Formatting;

/// <summary>
/// The text alternative of a Plotly.NET chart, for text-only front ends and screen readers: the title, the axis titles, then
/// each trace as a table (x, y and text columns; a heat map as a grid of z with its x labels as columns), at most
/// <see cref="MaxRows"/> rows per trace.
/// </summary>
public static class ChartData
{
    public const int MaxRows = 40;

    /// <summary>
    /// The figure as plotly.js reads it: <c>{"data": [...], "layout": {...}}</c>. For a GapLab chart (marked with
    /// <see cref="Charts.SizeMark"/>) Plotly.NET's default size, which restyling brings back, becomes the page width and the
    /// chart's own height; a size set to anything else is kept, and other charts are left as they are.
    /// </summary>
    public static string FigureJson(GenericChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var json = GenericChart.toFigureJson(chart);
        var figure = JsonNode.Parse(json)!;
        if (figure["layout"] is not JsonObject layout || layout["meta"]?[Charts.SizeMark] is not JsonValue mark) return json;
        if (layout["width"] is JsonValue w && w.TryGetValue<int>(out var width) && width == Defaults.DefaultWidth) layout.Remove("width");
        if (layout["height"] is JsonValue h && h.TryGetValue<int>(out var height) && height == Defaults.DefaultHeight) layout["height"] = mark.GetValue<int>();
        return figure.ToJsonString();
    }

    public static string ToText(GenericChart chart)
    {
        var figure = JsonNode.Parse(FigureJson(chart))!;
        var layout = figure["layout"];
        var sb = new StringBuilder();
        sb.Append("chart: ").AppendLine(TitleText(layout?["title"]) ?? "(untitled)");
        if (TitleText(layout?["xaxis"]?["title"]) is { } x) sb.Append("x axis: ").AppendLine(x);
        if (TitleText(layout?["yaxis"]?["title"]) is { } y) sb.Append("y axis: ").AppendLine(y);
        foreach (var trace in figure["data"]?.AsArray() ?? [])
        {
            if (trace is null) continue;
            sb.AppendLine().Append(trace["type"]?.GetValue<string>() ?? "trace");
            if (trace["name"] is { } name) sb.Append(" \"").Append(Cell(name)).Append('"');
            sb.AppendLine(":");
            if (trace["z"] is JsonArray z) HeatMap(sb, trace, z);
            else Columns(sb, trace);
        }
        return sb.ToString().TrimEnd();
    }

    static void Columns(StringBuilder sb, JsonNode trace)
    {
        var columns = new[] { "x", "y", "text" }.Select(k => (Name: k, Values: trace[k] as JsonArray)).Where(c => c.Values is not null).ToArray();
        if (columns.Length == 0) { sb.AppendLine("  (no x/y data)"); return; }
        int rows = columns.Max(c => c.Values!.Count);
        var table = new List<string[]> { columns.Select(c => c.Name).ToArray() };
        for (int r = 0; r < Math.Min(rows, MaxRows); r++)
            table.Add(columns.Select(c => r < c.Values!.Count ? Cell(c.Values[r]) : "").ToArray());
        Write(sb, table);
        if (rows > MaxRows) sb.Append("  ... ").Append(rows - MaxRows).AppendLine(" more rows");
    }

    static void HeatMap(StringBuilder sb, JsonNode trace, JsonArray z)
    {
        var x = trace["x"] as JsonArray;
        var y = trace["y"] as JsonArray;
        int width = z.Max(row => (row as JsonArray)?.Count ?? 0);
        var table = new List<string[]> { new[] { "y \\ x" }.Concat(Enumerable.Range(0, width).Select(i => x is not null && i < x.Count ? Cell(x[i]) : i.ToString(CultureInfo.InvariantCulture))).ToArray() };
        for (int r = 0; r < Math.Min(z.Count, MaxRows); r++)
        {
            var row = z[r] as JsonArray ?? [];
            table.Add(new[] { y is not null && r < y.Count ? Cell(y[r]) : r.ToString(CultureInfo.InvariantCulture) }
                .Concat(Enumerable.Range(0, width).Select(i => i < row.Count ? Cell(row[i]) : "")).ToArray());
        }
        Write(sb, table);
        if (z.Count > MaxRows) sb.Append("  ... ").Append(z.Count - MaxRows).AppendLine(" more rows");
    }

    static void Write(StringBuilder sb, List<string[]> table)
    {
        var widths = Enumerable.Range(0, table[0].Length).Select(c => table.Max(r => c < r.Length ? r[c].Length : 0)).ToArray();
        foreach (var row in table)
            sb.Append("  ").AppendLine(string.Join("  ", row.Select((v, c) => v.PadRight(widths[c]))).TrimEnd());
    }

    static string? TitleText(JsonNode? title) => title switch
    {
        null => null,
        JsonValue v => v.ToString(),
        _ => title["text"]?.ToString(),
    };

    static string Cell(JsonNode? v)
    {
        if (v is null) return "-";
        if (v is JsonValue value && value.TryGetValue<double>(out var d)) return d.ToString("G4", CultureInfo.InvariantCulture);
        return v.ToString().Replace('\n', ' ');
    }
}
