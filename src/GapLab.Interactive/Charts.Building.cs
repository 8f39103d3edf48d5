using System.Globalization;
using Plotly.NET;
using Plotly.NET.LayoutObjects;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace GapLab.Interactive;

/// <summary>
/// One axis of a GapLab chart: its title, scale ("log", or null for plotly's choice: linear for numbers, categories for names),
/// integer ticks (epochs, severities) and an optional fixed range.
/// </summary>
public sealed record ChartAxis(string Title, string? Type = null, bool IntegerTicks = false, double[]? Range = null);

/// <summary>
/// The building blocks of GapLab's charts: Plotly.NET.CSharp traces plus a layout whose axes grow their margins to fit their
/// labels (automargin) and whose height follows the number of rows for bar charts and heat maps.
/// </summary>
public static partial class Charts
{
    /// <summary>Height in pixels of GapLab's line and scatter charts (their width follows the page).</summary>
    public const int DefaultHeight = 450;

    /// <summary>
    /// Key in <c>layout.meta</c> holding a GapLab chart's own height: restyling with Plotly.NET brings back its default 600 x 600
    /// layout, which the HTML output then replaces by the page width and this height (<see cref="Formatting.ChartData.FigureJson"/>).
    /// </summary>
    public const string SizeMark = "gaplab_height";

    /// <summary>Height in pixels of a chart with one row per category (horizontal bars, heat maps): 24 px a row plus title and axis.</summary>
    public static int RowsHeight(int rows) => Math.Max(320, 24 * rows + 140);

    static GenericChart Scatter<TX>(string name, IEnumerable<TX> x, IEnumerable<double> y, StyleParam.Mode mode, IEnumerable<string>? labels = null) where TX : IConvertible =>
        labels is null
            ? CSharpChart.Scatter<TX, double, string>(x, y, mode, Name: name)
            : CSharpChart.Scatter<TX, double, string>(x, y, mode, Name: name, MultiText: labels.ToArray());

    static GenericChart Lines<TX>(string name, IEnumerable<TX> x, IEnumerable<double> y, IEnumerable<string>? labels = null) where TX : IConvertible =>
        Scatter(name, x, y, StyleParam.Mode.Lines_Markers, labels);

    static GenericChart Markers(string name, IEnumerable<double> x, IEnumerable<double> y, IEnumerable<string> labels) =>
        Scatter(name, x, y, StyleParam.Mode.Markers, labels);

    /// <summary>A reference line (thresholds, the diagonal, the clean accuracy): dotted or dashed, in <paramref name="color"/>.</summary>
    static GenericChart ReferenceLine<TX>(string name, IEnumerable<TX> x, IEnumerable<double> y, StyleParam.DrawingStyle dash, string color) where TX : IConvertible =>
        CSharpChart.Scatter<TX, double, string>(x, y, StyleParam.Mode.Lines, Name: name, LineDash: dash, LineColor: Color.fromString(color));

    /// <summary>
    /// Asymmetric error bars (<paramref name="axis"/> "error_x" or "error_y") from each value's interval [low, high]; a
    /// non-finite end draws no bar on that side.
    /// </summary>
    static void WithErrorBars(GenericChart chart, string axis, IEnumerable<double> values, IEnumerable<double> low, IEnumerable<double> high)
    {
        var v = values.ToArray();
        var error = new Plotly.NET.TraceObjects.Error();
        error.SetProperty("type", "data");
        error.SetProperty("symmetric", false);
        error.SetProperty("array", high.Select((h, i) => double.IsFinite(h) ? h - v[i] : 0).ToArray());
        error.SetProperty("arrayminus", low.Select((l, i) => double.IsFinite(l) ? v[i] - l : 0).ToArray());
        foreach (var trace in GenericChart.getTraces(chart)) trace.SetProperty(axis, error);
    }

    /// <summary>Bar texts shown on hover only (long texts squeezed into thin bars are unreadable).</summary>
    static void HoverOnlyText(GenericChart chart)
    {
        foreach (var trace in GenericChart.getTraces(chart)) trace.SetProperty("textposition", "none");
    }

    static LinearAxis Axis(ChartAxis a)
    {
        var axis = new LinearAxis();
        axis.SetProperty("title", TitleOf(a.Title));
        if (a.Type is not null) axis.SetProperty("type", a.Type);
        axis.SetProperty("automargin", true);
        if (a.IntegerTicks)
        {
            axis.SetProperty("tickformat", "d");
            axis.SetProperty("tick0", 0);
        }
        if (a.Range is { } r) axis.SetProperty("range", r);
        return axis;
    }

    static Title TitleOf(string text)
    {
        var title = new Title();
        title.SetProperty("text", text);
        return title;
    }

    /// <summary>
    /// <paramref name="chart"/> with GapLab's layout: title, both axes (automargin, so long tick labels are never clipped), integer
    /// ticks with a step of at least 1 where asked (<paramref name="integerSpan"/>: the largest minus the smallest integer value),
    /// and a height (<see cref="DefaultHeight"/>, or more for bar charts and heat maps, which grow with their rows). Plotly.NET's default
    /// fixed width (600 px) is dropped, so the chart takes the width of the page or cell.
    /// </summary>
    static GenericChart Styled(GenericChart chart, string title, ChartAxis x, ChartAxis y, int? height = null, double integerSpan = 0)
    {
        var layout = new Layout();
        layout.SetProperty("title", TitleOf(title));
        var xAxis = Axis(x);
        if (x.IntegerTicks) xAxis.SetProperty("dtick", IntegerStep(integerSpan));
        layout.SetProperty("xaxis", xAxis);
        layout.SetProperty("yaxis", Axis(y));
        layout.SetProperty("height", height ?? DefaultHeight);
        layout.SetProperty("meta", new Dictionary<string, object> { [SizeMark] = height ?? DefaultHeight });
        var styled = GenericChart.addLayout(layout, chart);
        GenericChart.getLayout(styled).RemoveProperty("width");
        return styled;
    }

    /// <summary>A tick step for an integer axis spanning <paramref name="span"/>: 1, 2, 5, 10, 20, 50, ... giving at most about 10 ticks.</summary>
    public static int IntegerStep(double span)
    {
        if (!double.IsFinite(span) || span <= 10) return 1;
        double raw = span / 10, power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = raw <= power ? power : raw <= 2 * power ? 2 * power : raw <= 5 * power ? 5 * power : 10 * power;
        return (int)step;
    }

    static string Inv(double v, string format = "0.###") => v.ToString(format, CultureInfo.InvariantCulture);
}
