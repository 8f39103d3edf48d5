using System.Globalization;
using Microsoft.Data.Analysis;

namespace GapLab.Interactive.Formatting;

/// <summary>
/// Cell output for Microsoft.Data.Analysis data frames: column names with their element type in the header, numbers in
/// compact invariant form, nulls marked, and only the first <see cref="PageSize"/> rows followed by "N more rows".
/// </summary>
public static class DataFrameFormatter
{
    public const int PageSize = 25;

    public static string ToHtml(DataFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var columns = frame.Columns.ToList();
        var headers = columns.Select(c => $"{Html.Encode(c.Name)}<br/><small>{Html.Encode(TypeName(c.DataType))}</small>").ToList();
        long total = frame.Rows.Count;
        long shown = Math.Min(total, PageSize);
        var rows = new List<IReadOnlyList<string>>();
        for (long r = 0; r < shown; r++)
            rows.Add(columns.Select(c => Cell(c[r])).ToList());
        string footer = $"{total} rows × {columns.Count} columns" + (total > shown ? $"; {total - shown} more rows" : "");
        return Html.Table(headers, rows, footer: Html.Encode(footer));
    }

    public static string ToText(DataFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var columns = frame.Columns.ToList();
        long total = frame.Rows.Count, shown = Math.Min(total, PageSize);
        var table = new List<string[]> { columns.Select(c => $"{c.Name} ({TypeName(c.DataType)})").ToArray() };
        for (long r = 0; r < shown; r++) table.Add(columns.Select(c => Text(c[r])).ToArray());
        var widths = Enumerable.Range(0, columns.Count).Select(i => table.Max(row => row[i].Length)).ToArray();
        var lines = table.Select(row => string.Join("  ", row.Select((v, i) => v.PadLeft(widths[i])))).ToList();
        if (total > shown) lines.Add($"… {total - shown} more rows");
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>Short C# type name: Single -> float, Int64 -> long, String -> string.</summary>
    public static string TypeName(Type t) => t switch
    {
        _ when t == typeof(float) => "float",
        _ when t == typeof(double) => "double",
        _ when t == typeof(int) => "int",
        _ when t == typeof(long) => "long",
        _ when t == typeof(bool) => "bool",
        _ when t == typeof(string) => "string",
        _ when t == typeof(decimal) => "decimal",
        _ => t.Name,
    };

    static string Cell(object? value) => value is null ? "<i>null</i>" : Html.Encode(Text(value));

    static string Text(object? value) => value switch
    {
        null => "null",
        double d => Html.Number(d),
        float f => Html.Number(f),
        decimal m => m.ToString("G", CultureInfo.InvariantCulture),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
