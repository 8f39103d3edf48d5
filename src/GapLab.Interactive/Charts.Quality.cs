using GapLab.Quality;
using XPlot.Plotly;

namespace GapLab.Interactive;

/// <summary>The quality-beyond-accuracy charts: robustness severity curves, reliability diagram and QUBA contributions.</summary>
public static partial class Charts
{
    /// <summary>
    /// Accuracy against corruption severity, one line per corruption, starting at severity 0 = clean accuracy; the dotted line is the
    /// clean accuracy.
    /// </summary>
    public static PlotlyChart RobustnessCurves(CorruptionAccuracyTable table, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        table.Validate();
        var traces = new List<Trace>();
        foreach (var c in table.Corruptions)
        {
            var severities = table.Severities(c);
            var x = severities.Prepend(0).ToArray();
            var y = severities.Select(s => table.Accuracy(c, s)).Prepend(table.CleanAccuracy).ToArray();
            traces.Add(Line(c, x, y));
        }
        int max = table.Entries.Max(e => e.Severity);
        traces.Add(new Scatter { name = "clean", x = new[] { 0, max }, y = new[] { table.CleanAccuracy, table.CleanAccuracy }, mode = "lines", line = new Line { dash = "dot", color = "gray" } });
        return Layout(Chart.Plot(traces), title ?? $"Accuracy vs corruption severity ({table.ModelName})", "severity (0 = clean)", "accuracy");
    }

    /// <summary>
    /// Reliability diagram: accuracy per confidence bin (bars at the bin centres, empty bins left out) against the diagonal of
    /// perfect calibration; the bar text gives each bin's sample count.
    /// </summary>
    public static PlotlyChart ReliabilityDiagram(ReliabilityDiagramData data, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var bins = data.Bins.Where(b => b.Count > 0).ToArray();
        if (bins.Length == 0) throw new ArgumentException("ReliabilityDiagram needs at least one non-empty bin.");
        var accuracy = new Bar
        {
            name = "accuracy",
            x = bins.Select(b => (b.Lower + b.Upper) / 2).ToArray(),
            y = bins.Select(b => b.Accuracy).ToArray(),
            text = bins.Select(b => FormattableString.Invariant($"{b.Count} samples, mean confidence {b.MeanConfidence:0.###}")).ToArray(),
        };
        var confidence = new Scatter { name = "mean confidence", x = bins.Select(b => (b.Lower + b.Upper) / 2).ToArray(), y = bins.Select(b => b.MeanConfidence).ToArray(), mode = "markers" };
        var diagonal = new Scatter { name = "perfect calibration", x = new[] { 0.0, 1.0 }, y = new[] { 0.0, 1.0 }, mode = "lines", line = new Line { dash = "dash", color = "gray" } };
        return Layout(Chart.Plot(new Trace[] { accuracy, confidence, diagonal }), title ?? $"Reliability diagram ({data.Bins.Count} bins, {data.SampleCount} samples)", "confidence", "accuracy");
    }

    /// <summary>Each weighted dimension's contribution w z / sum|w| to a QUBA score as horizontal bars (they add up to the score).</summary>
    public static PlotlyChart QubaContributions(QubaResult quba, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(quba);
        var parts = quba.Contributions.Where(c => c.Weight != 0).ToArray();
        if (parts.Length == 0) throw new ArgumentException("QubaContributions needs a QUBA result with at least one weighted dimension.");
        var bar = new Bar
        {
            name = "contribution",
            orientation = "h",
            x = parts.Select(p => p.Contribution).ToArray(),
            y = parts.Select(p => p.Dimension.DisplayName()).ToArray(),
            text = parts.Select(p => FormattableString.Invariant($"value {p.Value:0.####}, z {p.ZScore:0.##}, weight {p.Weight:0.###}")).ToArray(),
        };
        return Layout(Chart.Plot(bar), title ?? FormattableString.Invariant($"QUBA {quba.Score:0.###}: contributions"), "contribution to QUBA", "");
    }
}
