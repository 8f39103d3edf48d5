using GapLab.Quality;
using Plotly.NET;

namespace GapLab.Interactive;

/// <summary>The quality-beyond-accuracy charts: robustness severity curves, reliability diagram and QUBA contributions.</summary>
public static partial class Charts
{
    /// <summary>
    /// Accuracy against corruption severity, one line per corruption, starting at severity 0 = clean accuracy; the dotted line is the
    /// clean accuracy.
    /// </summary>
    public static GenericChart RobustnessCurves(CorruptionAccuracyTable table, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        table.Validate();
        var traces = new List<GenericChart>();
        foreach (var c in table.Corruptions)
        {
            var severities = table.Severities(c);
            traces.Add(Lines(c, severities.Prepend(0).ToArray(), severities.Select(s => table.Accuracy(c, s)).Prepend(table.CleanAccuracy).ToArray()));
        }
        int max = table.Entries.Max(e => e.Severity);
        traces.Add(ReferenceLine("clean", [0, max], [table.CleanAccuracy, table.CleanAccuracy], StyleParam.DrawingStyle.Dot, "gray"));
        return Styled(Plotly.NET.CSharp.Chart.Combine(traces), title ?? $"Accuracy vs corruption severity ({table.ModelName})",
            new ChartAxis("severity (0 = clean)", IntegerTicks: true), new ChartAxis("accuracy"), integerSpan: max);
    }

    /// <summary>
    /// Reliability diagram: accuracy per confidence bin (bars at the bin centres, empty bins left out) against the diagonal of
    /// perfect calibration; the bar text gives each bin's sample count.
    /// </summary>
    public static GenericChart ReliabilityDiagram(ReliabilityDiagramData data, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var bins = data.Bins.Where(b => b.Count > 0).ToArray();
        if (bins.Length == 0) throw new ArgumentException("ReliabilityDiagram needs at least one non-empty bin.");
        var centres = bins.Select(b => (b.Lower + b.Upper) / 2).ToArray();
        var accuracy = Plotly.NET.CSharp.Chart.Column<double, double, string>(bins.Select(b => b.Accuracy), Keys: centres, Name: "accuracy",
            MultiText: bins.Select(b => FormattableString.Invariant($"{b.Count} samples, mean confidence {b.MeanConfidence:0.###}")).ToArray(),
            MultiWidth: bins.Select(b => 0.9 * (b.Upper - b.Lower)).ToArray());
        HoverOnlyText(accuracy);
        var chart = Plotly.NET.CSharp.Chart.Combine(
        [
            accuracy,
            Scatter("mean confidence", centres, bins.Select(b => b.MeanConfidence), StyleParam.Mode.Markers),
            ReferenceLine("perfect calibration", [0.0, 1.0], [0.0, 1.0], StyleParam.DrawingStyle.Dash, "gray"),
        ]);
        return Styled(chart, title ?? $"Reliability diagram ({data.Bins.Count} bins, {data.SampleCount} samples)",
            new ChartAxis("confidence", Range: [0.0, 1.0]), new ChartAxis("accuracy", Range: [0.0, 1.05]));
    }

    /// <summary>Each weighted dimension's contribution w z / sum|w| to a QUBA score as horizontal bars (they add up to the score).</summary>
    public static GenericChart QubaContributions(QubaResult quba, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(quba);
        var parts = quba.Contributions.Where(c => c.Weight != 0).ToArray();
        if (parts.Length == 0) throw new ArgumentException("QubaContributions needs a QUBA result with at least one weighted dimension.");
        var chart = Plotly.NET.CSharp.Chart.Bar<double, string, string>(parts.Select(p => p.Contribution), Keys: parts.Select(p => p.Dimension.DisplayName()).ToArray(),
            Name: "contribution", MultiText: parts.Select(p => FormattableString.Invariant($"value {p.Value:0.####}, z {p.ZScore:0.##}, weight {p.Weight:0.###}")).ToArray());
        HoverOnlyText(chart);
        return Styled(chart, title ?? FormattableString.Invariant($"QUBA {quba.Score:0.###}: contributions"), new ChartAxis("contribution to QUBA"),
            new ChartAxis("dimension"), RowsHeight(parts.Length));
    }
}
