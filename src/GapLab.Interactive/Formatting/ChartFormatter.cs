using XPlot.Plotly;

namespace GapLab.Interactive.Formatting;

/// <summary>
/// Cell output for XPlot.Plotly charts without the separate XPlot.Plotly.Interactive package: loads plotly.js from
/// <see cref="PlotlyChart.PlotlySrc"/> (the Plotly CDN unless changed with <c>WithPlotlySrc</c>) and draws the chart inline.
/// </summary>
public static class ChartFormatter
{
    public static string ToHtml(PlotlyChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return $"<script src=\"{Html.Encode(chart.PlotlySrc)}\"></script>" + chart.GetInlineHtml();
    }
}
