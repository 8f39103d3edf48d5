using System.Text.Json;
using GapLab.Interactive.Formatting;
using Plotly.NET;

namespace GapLab.Interactive.Tests;

public class ChartsTests
{
    /// <summary>The chart's traces and layout as the JSON it sends to plotly.js.</summary>
    internal static (JsonElement Data, JsonElement Layout) Json(GenericChart chart)
    {
        var figure = JsonDocument.Parse(ChartData.FigureJson(chart)).RootElement;
        return (figure.GetProperty("data"), figure.GetProperty("layout"));
    }

    internal static double[] Numbers(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    [Fact]
    public void Gap_curves_have_train_test_and_gap_traces_sorted_by_epoch()
    {
        var chart = Charts.GapCurves([new(2, 0.1, 0.3), new(1, 0.4, 0.5)], metric: "error");
        var (data, layout) = Json(chart);
        Assert.Equal(["train", "test", "gap (test - train)"], data.EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToArray());
        Assert.Equal([1, 2], Numbers(data[0].GetProperty("x")));
        Assert.Equal([0.4, 0.1], Numbers(data[0].GetProperty("y")));
        Assert.Equal([0.5, 0.3], Numbers(data[1].GetProperty("y")));
        Assert.Equal(0.1, Numbers(data[2].GetProperty("y"))[0], 12);
        Assert.Equal(0.2, Numbers(data[2].GetProperty("y"))[1], 12);
        Assert.Equal("Train vs test error", layout.GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("epoch", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void Gap_vs_size_is_a_labelled_scatter_on_a_log_axis()
    {
        var (data, layout) = Json(Charts.GapVsModelSize([new("w8", 1e3, 0.05), new("w64", 5e4, 0.2)]));
        var trace = data.EnumerateArray().Single();
        Assert.Equal("markers", trace.GetProperty("mode").GetString());
        Assert.Equal([1e3, 5e4], Numbers(trace.GetProperty("x")));
        Assert.Equal([0.05, 0.2], Numbers(trace.GetProperty("y")));
        Assert.Equal(["w8", "w64"], trace.GetProperty("text").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal("log", layout.GetProperty("xaxis").GetProperty("type").GetString());
        Assert.Contains("'bad' has 0 parameters", Assert.Throws<ArgumentException>(() => Charts.GapVsModelSize([new("bad", 0, 0.1)])).Message);
    }

    [Fact]
    public void Theory_vs_practice_puts_tau_in_the_title()
    {
        var (data, layout) = Json(Charts.TheoryVsPractice([new("a", 1.5, 0.1), new("b", 2.5, 0.3)], "sharpness", 0.6666));
        Assert.Equal("sharpness vs gap (τ = 0.667)", layout.GetProperty("title").GetProperty("text").GetString());
        Assert.Equal([1.5, 2.5], Numbers(data[0].GetProperty("x")));
        Assert.Equal("sharpness", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void Empty_inputs_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Charts.GapCurves([]));
        Assert.Throws<ArgumentException>(() => Charts.TheoryVsPractice([], "m", 0));
    }

    [Fact]
    public void Chart_html_draws_into_its_own_div_that_takes_the_page_width_and_the_chart_height()
    {
        var chart = Charts.GapCurves([new(1, 0.1, 0.2)]);
        var html = ChartFormatter.ToHtml(chart, PlotlyScript.Preloaded);
        var id = System.Text.RegularExpressions.Regex.Match(html, "<div id=\"(gaplab-chart-[0-9a-f]+)\" class=\"gaplab-plot\" style=\"width:100%\"></div>").Groups[1].Value;
        Assert.NotEmpty(id);
        Assert.Contains($"var id = '{id}'", html);
        Assert.Contains("window.Plotly.newPlot(id, figure.data, figure.layout, config)", html);
        Assert.DoesNotContain("height:", html.Split("<script>")[0]);
        Assert.DoesNotContain("<script>if (typeof window.Plotly", html);
        Assert.DoesNotContain("cdn.plot.ly", html);
        Assert.Contains("<details class=\"gaplab-chart-data\"><summary>chart data</summary><pre>chart: Train vs test error", html);
    }
}
