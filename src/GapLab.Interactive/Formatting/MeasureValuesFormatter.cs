using GapLab.Metrics.Complexity;

namespace GapLab.Interactive.Formatting;

/// <summary>Cell output for a list of <see cref="MeasureValue"/>: one row per complexity measure (value, raw value, cost, notes).</summary>
public static class MeasureValuesFormatter
{
    static readonly string[] Headers = ["measure", "value", "raw", "cost", "notes"];

    public static string ToHtml(IReadOnlyList<MeasureValue> values) =>
        Html.Table(Headers, Rows(values).Select(r => (IReadOnlyList<string>)r.Select(Html.Encode).ToList()), caption: "Complexity measures",
            footer: Html.Encode($"{values.Count} measures"));

    public static string ToText(IReadOnlyList<MeasureValue> values)
    {
        var all = Rows(values).Prepend(Headers).ToList();
        var widths = Enumerable.Range(0, Headers.Length - 1).Select(c => all.Max(r => r[c].Length)).ToArray();
        return string.Join(Environment.NewLine, all.Select(r => string.Join("  ", r.Select((v, c) => c < widths.Length ? v.PadRight(widths[c]) : v)).TrimEnd()));
    }

    static IEnumerable<string[]> Rows(IReadOnlyList<MeasureValue> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.Select(v => new[] { v.Name, Html.Number(v.Value) + (v.AtBound ? " (bound)" : ""), Html.Number(v.RawValue), v.Cost, v.Notes });
    }
}
