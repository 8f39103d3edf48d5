using System.Globalization;
using GapLab.Analysis;

namespace GapLab.Interactive.Formatting;

/// <summary>
/// Cell output for a theory-vs-practice table (a list of <see cref="MeasureCorrelation"/>): one row per measure, ranked, with tau-b and its
/// interval, Spearman, Psi, the mean sign error and CMI.
/// </summary>
public static class CorrelationTableFormatter
{
    static readonly string[] Headers = ["measure", "models", "τ-b", "95% CI", "Spearman", "Ψ", "sign error", "CMI"];

    public static string ToHtml(IReadOnlyList<MeasureCorrelation> rows) =>
        Html.Table(Headers.Select(Html.Encode).ToList(), Rows(rows).Select(r => (IReadOnlyList<string>)r.Select(Html.Encode).ToList()),
            caption: "Theory vs practice", footer: Html.Encode(Footer(rows)));

    public static string ToText(IReadOnlyList<MeasureCorrelation> rows)
    {
        var all = Rows(rows).Prepend(Headers).ToList();
        var widths = Enumerable.Range(0, Headers.Length).Select(c => all.Max(r => r[c].Length)).ToArray();
        return string.Join(Environment.NewLine, all.Select(r => string.Join("  ", r.Select((v, c) => v.PadRight(widths[c]))).TrimEnd()).Append(Footer(rows)));
    }

    static string Signed(double v) => GapLab.Analysis.SignedNumber.Format(v, 3, nan: "-");

    static IEnumerable<string[]> Rows(IReadOnlyList<MeasureCorrelation> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.Select(r => new[]
        {
            r.Measure, r.Models.ToString(CultureInfo.InvariantCulture), Signed(r.KendallTau), $"[{Signed(r.KendallTauLow)}, {Signed(r.KendallTauHigh)}]",
            Signed(r.Spearman), Signed(r.Psi), r.SignError.ToString("0.000", CultureInfo.InvariantCulture), double.IsNaN(r.Cmi) ? "-" : r.Cmi.ToString("0.0000", CultureInfo.InvariantCulture),
        });
    }

    static string Footer(IReadOnlyList<MeasureCorrelation> rows) =>
        $"{rows.Count} measures ranked by Kendall τ-b with the gap" + (rows.Count == 0 ? "" : $" ({rows[0].Resamples} bootstrap resamples, seed {rows[0].Seed})");
}
