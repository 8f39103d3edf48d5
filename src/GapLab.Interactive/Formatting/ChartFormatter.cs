using XPlot.Plotly;

namespace GapLab.Interactive.Formatting;

/// <summary>
/// Cell output for XPlot.Plotly charts without the separate XPlot.Plotly.Interactive package: makes plotly.js available
/// (<see cref="PlotlyScript.Default"/>: inlined when a local copy was found, else the CDN with a note) and draws the chart inline.
/// </summary>
public static class ChartFormatter
{
    public static string ToHtml(PlotlyChart chart) => ToHtml(chart, PlotlyScript.Default);

    /// <summary>
    /// The chart with plotly.js from <paramref name="script"/>; a CDN script uses the chart's own <see cref="PlotlyChart.PlotlySrc"/>,
    /// <see cref="PlotlyScript.Preloaded"/> adds no script.
    /// </summary>
    public static string ToHtml(PlotlyChart chart, PlotlyScript script)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentNullException.ThrowIfNull(script);
        var tag = script.IsInline || script.IsPreloaded ? script : PlotlyScript.FromCdn(chart.PlotlySrc);
        return tag.Tag() + chart.GetInlineHtml();
    }
}
