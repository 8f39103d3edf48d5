using System.Globalization;
using System.Net;
using System.Text;

namespace GapLab.Interactive.Formatting;

/// <summary>Small HTML building blocks shared by the formatters: encoding, number text, tables and cards.</summary>
public static class Html
{
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>Compact invariant number text: integers as is, others with 6 significant digits, NaN/±inf spelled out.</summary>
    public static string Number(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "inf";
        if (double.IsNegativeInfinity(value)) return "-inf";
        if (value == Math.Floor(value) && Math.Abs(value) < 1e15) return value.ToString("0", CultureInfo.InvariantCulture);
        return value.ToString("G6", CultureInfo.InvariantCulture);
    }

    /// <summary>A table; <paramref name="headers"/> and cells are HTML already (encode text first). Rows shorter than headers are padded.</summary>
    public static string Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string? caption = null, string? footer = null)
    {
        var sb = new StringBuilder("<table class=\"gaplab\">");
        if (caption is not null) sb.Append("<caption>").Append(caption).Append("</caption>");
        sb.Append("<thead><tr>");
        foreach (var h in headers) sb.Append("<th>").Append(h).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            sb.Append("<tr>");
            for (int i = 0; i < headers.Count; i++) sb.Append("<td>").Append(i < row.Count ? row[i] : "").Append("</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody>");
        if (footer is not null) sb.Append("<tfoot><tr><td colspan=\"").Append(headers.Count).Append("\">").Append(footer).Append("</td></tr></tfoot>");
        return sb.Append("</table>").ToString();
    }

    /// <summary>A titled key/value card: two-column table of already-encoded values.</summary>
    public static string Card(string title, IEnumerable<(string Key, string ValueHtml)> fields) =>
        Table(["Property", "Value"], fields.Select(f => (IReadOnlyList<string>)[Encode(f.Key), f.ValueHtml]), caption: Encode(title));

    /// <summary>Plain-text key/value lines under a title.</summary>
    public static string TextCard(string title, IEnumerable<(string Key, string Value)> fields)
    {
        var list = fields.ToList();
        int width = list.Count == 0 ? 0 : list.Max(f => f.Key.Length);
        return title + string.Concat(list.Select(f => Environment.NewLine + "  " + f.Key.PadRight(width) + "  " + f.Value));
    }
}
