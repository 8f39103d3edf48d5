using Plotly.NET;

namespace GapLab.Interactive.Formatting;

/// <summary>
/// Cell output for Plotly.NET charts (GapLab's and the user's own): the figure drawn with <c>window.Plotly</c> in a container
/// that takes the page's width and the chart's own height, and the chart's data as a text table under a collapsed "data" toggle.
/// plotly.js comes from the given <see cref="PlotlyScript"/>: in a notebook <see cref="PlotlySession.Current"/> sends it with the
/// first chart of the session only; a chart whose page has no plotly.js yet waits for it (up to a minute) and then says why it
/// cannot draw.
/// </summary>
public static class ChartFormatter
{
    /// <summary>The chart for a notebook output: plotly.js once per kernel session (<see cref="PlotlySession.Current"/>).</summary>
    public static string ToHtml(GenericChart chart) => ToHtml(chart, PlotlySession.Current.Script);

    /// <summary>The chart with plotly.js from <paramref name="script"/> (<see cref="PlotlyScript.Preloaded"/> adds no script).</summary>
    public static string ToHtml(GenericChart chart, PlotlyScript script)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentNullException.ThrowIfNull(script);
        var figure = ChartData.FigureJson(chart);
        var config = Newtonsoft.Json.JsonConvert.SerializeObject(GenericChart.getConfig(chart));
        var id = "gaplab-chart-" + Guid.NewGuid().ToString("N")[..16];
        var text = ChartData.ToText(chart);
        return "<div class=\"gaplab-chart\">" + script.Tag() +
               $"<div id=\"{id}\" class=\"gaplab-plot\" style=\"width:100%\"></div>" +
               "<script>(function () {\n" +
               $"var id = '{id}', figure = {ScriptSafe(figure)}, config = Object.assign({{ responsive: true, displaylogo: false }}, {ScriptSafe(config)});\n" +
               "function draw() { window.Plotly.newPlot(id, figure.data, figure.layout, config); }\n" +
               "if (window.Plotly) { draw(); return; }\n" +
               "var tries = 0, timer = setInterval(function () {\n" +
               "  if (window.Plotly) { clearInterval(timer); draw(); }\n" +
               "  else if (++tries > 600) { clearInterval(timer); var el = document.getElementById(id); if (el) el.textContent = " +
               "'plotly.js is not on this page: the first chart of the kernel session carries it. Re-run that cell, or run " +
               "GapLab.Interactive.PlotlySession.Current.Reset() and display this chart again. The chart data is below.'; }\n" +
               "}, 100);\n})();</script>" +
               "<details class=\"gaplab-chart-data\"><summary>chart data</summary><pre>" + Html.Encode(text) + "</pre></details></div>";
    }

    /// <summary>The chart as text: its title, axis titles and each trace's data as a small table (see <see cref="ChartData.ToText"/>).</summary>
    public static string ToText(GenericChart chart) => ChartData.ToText(chart);

    /// <summary>JSON placed inside a script element: "&lt;/" cannot end the element early.</summary>
    static string ScriptSafe(string json) => json.Replace("</", "<\\/", StringComparison.Ordinal);
}
