namespace XPlot.Plotly;

/// <summary>
/// Stands in for XPlot.Plotly 4.1's chart (GapLab no longer references XPlot): same type name, and <c>GetInlineHtml()</c> returns
/// what XPlot's template writes (a fixed-size div and a script calling <c>Plotly.newPlot</c> with a string title, as XPlot does).
/// </summary>
public sealed class PlotlyChart
{
    public string Id { get; } = "xplot-" + Guid.NewGuid().ToString("N")[..8];

    public string GetInlineHtml() =>
        $"<div id=\"{Id}\" style=\"width: 700px; height: 400px;\"></div>\n        <script>\n            var data = [{{\"type\":\"scatter\",\"x\":[1,2,3],\"y\":[3,1,2]}}];\n" +
        $"           var layout = {{\"title\":\"an XPlot chart\",\"xaxis\":{{\"title\":\"xplot x\"}},\"yaxis\":{{\"title\":\"xplot y\"}}}};\n" +
        $"           Plotly.newPlot('{Id}', data, layout);\n        </script>";
}
