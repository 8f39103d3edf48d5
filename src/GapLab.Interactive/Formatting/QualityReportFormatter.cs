using System.Globalization;
using GapLab.Quality;

namespace GapLab.Interactive.Formatting;

/// <summary>
/// Cell output for <see cref="QualityReport"/>: a summary card (model, images, status, QUBA), a table of every dimension with its value,
/// QUBA z-score and contribution or why it was not measured, then the QUBA contributions bar, the reliability diagram and the
/// corruption severity curves (generated corruptions and corruption files) when measured. QUBA uses the published normalisation and
/// the paper's weights restricted to the measured dimensions.
/// </summary>
public static class QualityReportFormatter
{
    public const string Title = "Quality beyond accuracy";

    public static string ToHtml(QualityReport r) => ToHtml(r, PlotlySession.Current.Script);

    public static string ToHtml(QualityReport r, PlotlyScript plotly)
    {
        ArgumentNullException.ThrowIfNull(r);
        var quba = Quba(r, out var qubaError);
        var card = Html.Card(Title, Fields(r, quba, qubaError).Select(f => (f.Key, Html.Encode(f.Value))));
        var rows = r.Dimensions.Select(d =>
        {
            var part = quba?.Contributions.FirstOrDefault(c => c.Dimension == d.Dimension);
            return (IReadOnlyList<string>)[Html.Encode(d.Name), d.Value is { } v ? Html.Number(v) : "-", d.HigherIsBetter ? "higher is better" : "lower is better",
                part is null ? "-" : Html.Number(part.ZScore), part is null ? "-" : Html.Number(part.Contribution), Html.Encode(d.UnavailableReason ?? d.Method)];
        });
        var table = Html.Table(["dimension", "value", "direction", "z", "contribution", "method / why not measured"], rows, caption: "Dimensions");
        var charts = new List<Plotly.NET.GenericChart>();
        if (quba is not null && quba.Contributions.Any(c => c.Weight != 0)) charts.Add(Charts.QubaContributions(quba));
        if (r.Reliability is { } rel && rel.Bins.Any(b => b.Count > 0)) charts.Add(Charts.ReliabilityDiagram(rel));
        if (r.Corruptions is { } generated) charts.Add(Charts.RobustnessCurves(generated, $"Accuracy vs severity, generated corruptions ({r.ModelName})"));
        if (r.CorruptionFiles is { } files) charts.Add(Charts.RobustnessCurves(files, $"Accuracy vs severity, corruption files ({r.ModelName})"));
        // an inlined plotly.js (megabytes) goes in once, before the first chart
        return card + table + string.Concat(charts.Select((c, i) => ChartFormatter.ToHtml(c, i == 0 ? plotly : PlotlyScript.Preloaded)));
    }

    public static string ToText(QualityReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var quba = Quba(r, out var qubaError);
        var fields = Fields(r, quba, qubaError).Concat(r.Dimensions.Select(d => (d.Name, d.Value is { } v ? Html.Number(v) : d.UnavailableReason ?? "-")));
        return Html.TextCard(Title, fields);
    }

    /// <summary>
    /// QUBA of the report alone (published constants; the weights the evaluation was given with --quba-weights, else the paper's over the
    /// measured dimensions), or null with the reason.
    /// </summary>
    public static QubaResult? Quba(QualityReport r, out string? error)
    {
        error = null;
        try { return QualityEvaluator.Quba([r], r.Options with { QubaNormalization = QubaNormalizationMode.Published }).Single(); }
        catch (ArgumentException e) { error = e.Message; return null; }
    }

    static IEnumerable<(string Key, string Value)> Fields(QualityReport r, QubaResult? quba, string? qubaError)
    {
        yield return ("model", r.ModelName);
        yield return ("test images", r.SampleCount.ToString(CultureInfo.InvariantCulture));
        yield return ("status", r.Cancelled ? $"cancelled during {r.CancelledDuring}: unfinished dimensions are not available" : "completed");
        yield return ("QUBA", quba is null ? $"not computable: {qubaError}" : $"{Html.Number(quba.Score)} (weights {quba.WeightsName}; normalisation {quba.NormalizationSource})");
        if (r.TemperatureScaling is { } t) yield return ("temperature scaling", $"T = {Html.Number(t.Temperature)}");
        if (r.Ood is { } ood)
            foreach (var s in ood.Sets)
                yield return ($"OOD set {s.Name}", $"accuracy {Html.Number(s.Accuracy)} on {s.SampleCount} images, relative {Html.Number(s.RelativeAccuracy)}");
    }
}
