using System.Text.Json;
using GapLab.Interactive.Formatting;
using Plotly.NET;
using Plotly.NET.CSharp;

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

    [Fact]
    public void A_GapLab_chart_can_be_restyled_and_combined_with_a_users_own_Plotly_NET_chart()
    {
        var chart = Charts.GapCurves([new(1, 0.4, 0.45), new(2, 0.2, 0.31)])
            .WithXAxisStyle<int, int, string>(TitleText: "epoch (of 30)");
        var combined = Plotly.NET.CSharp.Chart.Combine([chart, Plotly.NET.CSharp.Chart.Line<int, double, string>([1, 2], [0.3, 0.3], Name: "baseline")]);
        var (data, layout) = Json(combined);
        Assert.Equal(["train", "test", "gap (test - train)", "baseline"], data.EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToArray());
        Assert.Equal("epoch (of 30)", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("Train vs test error", layout.GetProperty("title").GetProperty("text").GetString());
        Assert.Equal(1, layout.GetProperty("xaxis").GetProperty("dtick").GetInt32());   // GapLab's integer epoch ticks survive the restyle
        // restyling and combining bring back Plotly.NET's default 600 x 600: the output makes it page-wide at the chart's own height again
        var (_, own) = Json(combined);
        Assert.Equal(Charts.DefaultHeight, own.GetProperty("height").GetInt32());
        Assert.False(own.TryGetProperty("width", out _));
    }

    [Fact]
    public void Bar_charts_keep_their_row_height_after_a_restyle_but_a_size_the_user_sets_is_kept()
    {
        var rows = Enumerable.Range(0, 30).Select(i => new GapLab.Analysis.MeasureCorrelation($"m{i}", 10, i / 30.0, 0, 1, 0, 0, "", 0, 0, 0, 0, 0, 0, 10, 0)).ToArray();
        var (_, layout) = Json(Charts.CorrelationBars(rows).WithXAxisStyle<double, double, string>(TitleText: "τ"));
        Assert.Equal(Charts.RowsHeight(30), layout.GetProperty("height").GetInt32());
        Assert.Equal(860, Charts.RowsHeight(30));                                     // 24 px x 30 rows + 140
        var (_, sized) = Json(Charts.CorrelationBars(rows).WithSize(800, 1000));
        Assert.Equal((800, 1000), (sized.GetProperty("width").GetInt32(), sized.GetProperty("height").GetInt32()));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(10, 1)]
    [InlineData(11, 2)]
    [InlineData(29, 5)]
    [InlineData(99, 10)]
    [InlineData(150, 20)]
    public void Integer_axes_step_1_2_5_10_for_at_most_about_ten_ticks(double span, int step) => Assert.Equal(step, Charts.IntegerStep(span));
}
