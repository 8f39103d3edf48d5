using GapLab.Analysis;
using GapLab.Interactive.Formatting;
using static GapLab.Interactive.Tests.ChartsTests;
using GapLab.IO;

namespace GapLab.Interactive.Tests;

public class ScienceChartsTests
{
    static MeasureCorrelation Row(string measure, double tau, double low, double high, double spearman = 0.5, double psi = double.NaN, double signError = 0.25) =>
        new(measure, 10, tau, low, high, spearman, psi, "", signError, 0.01, 0, double.NaN, double.NaN, double.NaN, 100, 0);

    [Fact]
    public void Theory_vs_practice_title_carries_tau_and_its_interval()
    {
        var (data, layout) = Json(Charts.TheoryVsPractice([new("a", 1, 0.1), new("b", 2, 0.3)], "L2", 0.4123, 0.1, 0.65));
        Assert.Equal("L2 vs gap (τ = 0.412, 95% CI [0.1, 0.65])", layout.GetProperty("title").GetProperty("text").GetString());
        Assert.Equal([1.0, 2.0], Numbers(data[0].GetProperty("x")));
    }

    [Fact]
    public void Correlation_bars_are_ranked_with_asymmetric_error_bars()
    {
        var (data, layout) = Json(Charts.CorrelationBars([Row("A", 0.5, 0.2, 0.6), Row("B", -0.1, -0.4, 0.3), Row("C", double.NaN, double.NaN, double.NaN)]));
        var bar = data.EnumerateArray().Single();
        Assert.Equal("bar", bar.GetProperty("type").GetString());
        Assert.Equal("h", bar.GetProperty("orientation").GetString());
        Assert.Equal(["B", "A"], bar.GetProperty("y").EnumerateArray().Select(e => e.GetString()!).ToArray()); // best on top = last
        Assert.Equal([-0.1, 0.5], Numbers(bar.GetProperty("x")));
        var err = bar.GetProperty("error_x");
        Assert.Equal(0.4, Numbers(err.GetProperty("array"))[0], 12);      // 0.3 - (-0.1)
        Assert.Equal(0.1, Numbers(err.GetProperty("array"))[1], 12);      // 0.6 - 0.5
        Assert.Equal(0.3, Numbers(err.GetProperty("arrayminus"))[0], 12); // -0.1 - (-0.4)
        Assert.Equal(0.3, Numbers(err.GetProperty("arrayminus"))[1], 12);
        Assert.Equal([-1.0, 1.0], Numbers(layout.GetProperty("xaxis").GetProperty("range")));
    }

    [Fact]
    public void Correlation_heat_map_has_one_row_per_measure_and_blanks_for_undefined_statistics()
    {
        var (data, _) = Json(Charts.CorrelationHeatMap([Row("A", 0.5, 0.2, 0.6, psi: 0.3, signError: 0.25)]));
        var heat = data.EnumerateArray().Single();
        Assert.Equal("heatmap", heat.GetProperty("type").GetString());
        var z = heat.GetProperty("z")[0].EnumerateArray().ToArray();
        Assert.Equal([0.5, 0.5, 0.3, 0.5], z.Select(e => e.GetDouble()).ToArray()); // 1 - 2 x 0.25 = 0.5
        var (blank, _) = Json(Charts.CorrelationHeatMap([Row("A", 0.5, 0.2, 0.6)]));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, blank[0].GetProperty("z")[0][2].ValueKind);
    }

    [Fact]
    public void Double_descent_sorts_by_size_and_marks_the_interpolation_threshold()
    {
        var (data, layout) = Json(Charts.DoubleDescent([new("w64", 5e4, 0.0, 0.3), new("w2", 1.6e3, 0.5, 0.55)], 5e4));
        Assert.Equal(["train error", "test error", "interpolation threshold"], data.EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToArray());
        Assert.Equal([1.6e3, 5e4], Numbers(data[0].GetProperty("x")));
        Assert.Equal([0.55, 0.3], Numbers(data[1].GetProperty("y")));
        Assert.Equal([5e4, 5e4], Numbers(data[2].GetProperty("x")));
        Assert.Equal([0, 0.55], Numbers(data[2].GetProperty("y")));
        Assert.Equal("log", layout.GetProperty("xaxis").GetProperty("type").GetString());
        Assert.Equal(2, Json(Charts.DoubleDescent([new("w2", 1.6e3, 0.5, 0.55)])).Data.GetArrayLength()); // NaN threshold: no line
    }

    [Fact]
    public void Diversity_vs_accuracy_is_ordered_by_diversity()
    {
        var (data, layout) = Json(Charts.DiversityVsAccuracy([new("SSIM 1", 0.6, 0.8), new("SSIM 0.7", 0.4, 0.5)]));
        Assert.Equal([0.4, 0.6], Numbers(data[0].GetProperty("x")));
        Assert.Equal([0.5, 0.8], Numbers(data[0].GetProperty("y")));
        Assert.Equal("accuracy", layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Throws<ArgumentException>(() => Charts.DiversityVsAccuracy([]));
    }

    [Fact]
    public void Correlation_table_round_trips_through_its_data_frame_and_formats_ranked_rows()
    {
        MeasureCorrelation[] rows = [Row("A", 0.5, 0.2, 0.6, psi: 0.3), Row("B", -0.125, -0.4, 0.3)];
        var back = CorrelationTable.FromFrame(RecordFrame.ToDataFrame(rows));
        Assert.Equal(rows, back);
        var html = GapLabFormatters.ToHtml(back, PlotlyScript.Preloaded)!;
        Assert.Contains("<td>A</td><td>10</td><td>+0.500</td><td>[+0.200, +0.600]</td><td>+0.500</td><td>+0.300</td><td>0.250</td><td>0.0100</td>", html);
        Assert.Contains("<td>-</td>", html); // B has no Psi
        var bad = Assert.Throws<ArgumentException>(() => CorrelationTable.FromFrame(RecordFrame.ToDataFrame(new[] { new { Measure = "A" } })));
        Assert.StartsWith("DataFrame lacks column 'models'", bad.Message);
    }
}
