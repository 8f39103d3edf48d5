using XPlot.Plotly;

namespace GapLab.Interactive;

/// <summary>One epoch of a training curve.</summary>
public sealed record GapCurvePoint(int Epoch, double Train, double Test);

/// <summary>One trained model for a gap-vs-size plot.</summary>
public sealed record GapSizePoint(string Label, double Parameters, double Gap);

/// <summary>One model for a theory-vs-practice plot: a complexity measure against the observed gap.</summary>
public sealed record MeasureGapPoint(string Label, double Measure, double Gap);

/// <summary>
/// All GapLab notebook charts (XPlot.Plotly). Inputs are plain records so the charts work with any result type; each
/// returns a chart ready to display.
/// </summary>
public static partial class Charts
{
    /// <summary>Train and test curves per epoch (<paramref name="metric"/> e.g. "error" or "loss"), plus the gap test - train.</summary>
    public static PlotlyChart GapCurves(IReadOnlyList<GapCurvePoint> points, string metric = "error", string? title = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0) throw new ArgumentException("GapCurves needs at least one (epoch, train, test) point.");
        var ordered = points.OrderBy(p => p.Epoch).ToArray();
        var epochs = ordered.Select(p => p.Epoch).ToArray();
        var traces = new Trace[]
        {
            Line("train", epochs, ordered.Select(p => p.Train).ToArray()),
            Line("test", epochs, ordered.Select(p => p.Test).ToArray()),
            Line("gap (test - train)", epochs, ordered.Select(p => p.Test - p.Train).ToArray()),
        };
        return Layout(Chart.Plot(traces), title ?? $"Train vs test {metric}", "epoch", metric);
    }

    /// <summary>Generalization gap against parameter count (log x axis), one marker per model, labelled.</summary>
    public static PlotlyChart GapVsModelSize(IReadOnlyList<GapSizePoint> points, string title = "Generalization gap vs model size")
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0) throw new ArgumentException("GapVsModelSize needs at least one (label, parameters, gap) point.");
        if (points.FirstOrDefault(p => p.Parameters <= 0) is { } bad)
            throw new ArgumentException($"Model '{bad.Label}' has {bad.Parameters} parameters; a log-scale size axis needs positive counts.");
        var trace = Markers("models", points.Select(p => p.Parameters).ToArray(), points.Select(p => p.Gap).ToArray(), points.Select(p => p.Label).ToArray());
        return Layout(Chart.Plot(trace), title, "parameters", "gap (test - train error)", xType: "log");
    }

    /// <summary>
    /// A complexity measure against the observed gap, with Kendall's tau (computed by the caller's ranking metric) in the title,
    /// e.g. "Sharpness vs gap (τ = 0.62)".
    /// </summary>
    public static PlotlyChart TheoryVsPractice(IReadOnlyList<MeasureGapPoint> points, string measure, double tau)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0) throw new ArgumentException("TheoryVsPractice needs at least one (label, measure, gap) point.");
        if (string.IsNullOrWhiteSpace(measure)) throw new ArgumentException("TheoryVsPractice needs the measure's name.");
        var trace = Markers(measure, points.Select(p => p.Measure).ToArray(), points.Select(p => p.Gap).ToArray(), points.Select(p => p.Label).ToArray());
        var title = $"{measure} vs gap (τ = {tau.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)})";
        return Layout(Chart.Plot(trace), title, measure, "gap (test - train error)");
    }

    static Scatter Line(string name, int[] x, double[] y) => new() { name = name, x = x, y = y, mode = "lines+markers" };

    static Scatter Markers(string name, double[] x, double[] y, string[] labels) => new() { name = name, x = x, y = y, text = labels, mode = "markers" };

    static PlotlyChart Layout(PlotlyChart chart, string title, string xTitle, string yTitle, string xType = "linear")
    {
        chart.WithLayout(new Layout.Layout { title = title, xaxis = new Xaxis { title = xTitle, type = xType }, yaxis = new Yaxis { title = yTitle } });
        return chart;
    }
}
