using GapLab.Analysis;
using GapLab.Interactive.Reports;
using GapLab.Quality;
using GapLab.Testbed;
using Plotly.NET;
using Plotly.NET.CSharp;

namespace GapLab.Interactive.Tests;

/// <summary>One chart of each kind GapLab draws, with hand-made data, plus a user's own Plotly.NET chart and an XPlot-style chart.</summary>
static class ChartGallery
{
    static MeasureCorrelation Row(string measure, double tau) =>
        new(measure, 10, tau, tau - 0.2, tau + 0.15, tau * 0.9, double.NaN, "", (1 - tau) / 2, 0.01, 0, double.NaN, double.NaN, double.NaN, 100, 0);

    /// <summary>30 measures with long names, like the PGDL tables of report 05.</summary>
    public static IReadOnlyList<MeasureCorrelation> Correlations { get; } = Enumerable.Range(0, 30)
        .Select(i => Row($"PGDL_{(i % 3 == 0 ? "PACBAYES_MAG_ORIG_SHARPNESS_FLATNESS" : i % 3 == 1 ? "SPECTRAL_PRODUCT_DIST_FROM_INIT" : "INVERSE_MARGIN")}_{i}", -0.9 + 0.06 * i))
        .ToArray();

    public static TestbedResult Testbed()
    {
        var marginals = new List<TestbedMarginal>();
        double[] ssim = [0.6, 0.7, 0.8, 0.9, 1.0];
        foreach (var (v, i) in ssim.Select((v, i) => (v, i)))
            marginals.Add(new(TestbedMarginal.SsimAxis, v, v.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture), 12, 0.5 - 0.08 * i, 0.6 - 0.1 * i, 0, 0, 0, 0, 0.5 + 0.08 * i, v));
        var point = new TradeOffPoint(0.78, 0.25, 12_000, 0.31, 0.42, 0.45, 0.75, 0.3, [0.31, 0.42, 0, 0, 0, 0], 0.73, 0.9, [1, 1, 1, 1, 1, 1], 1, 1, SizeScale.Log, "trilinear", "nelder-mead");
        return new TestbedResult(new TestbedConfig { Name = "gallery" }, [], marginals, point, null!);
    }

    public static QubaResult Quba() => QubaScore.Compute(new Dictionary<QualityDimension, double>
    {
        [QualityDimension.Accuracy] = 0.82, [QualityDimension.AdversarialRobustness] = 0.31, [QualityDimension.CorruptionRobustness] = 0.64,
        [QualityDimension.OodRobustness] = 0.55, [QualityDimension.CalibrationError] = 0.03, [QualityDimension.ClassBalance] = 0.05,
        [QualityDimension.ObjectFocus] = 0.7, [QualityDimension.ShapeBias] = 0.4, [QualityDimension.Parameters] = 25,
    });

    /// <summary>(kind, chart): every GapLab chart kind once.</summary>
    public static IReadOnlyList<(string Kind, GenericChart Chart)> Charts() =>
    [
        ("gap curves", Interactive.Charts.GapCurves(Enumerable.Range(1, 12).Select(e => new GapCurvePoint(e, 0.5 / e, 0.5 / e + 0.02 * e)).ToArray())),
        ("live training loss", Interactive.Charts.LiveTrainingLoss([new(1, 0.9), new(2, 0.6), new(3, 0.45)], plannedEpochs: 5)),
        ("gap vs model size", Interactive.Charts.GapVsModelSize([new("mlp w=8", 6_000, 0.02), new("mlp w=64", 51_000, 0.06), new("mlp w=512", 410_000, 0.11)])),
        ("double descent", Interactive.Charts.DoubleDescent([new("w=4", 3_000, 0.3, 0.35), new("w=16", 13_000, 0.05, 0.42), new("w=256", 200_000, 0, 0.25)], 12_000)),
        ("theory vs practice", Interactive.Charts.TheoryVsPractice([new("r1", 1.2, 0.05), new("r2", 2.4, 0.09), new("r3", 3.1, 0.15)], "PGDL_INVERSE_MARGIN", 0.6, 0.2, 0.9)),
        ("tau bars", Interactive.Charts.CorrelationBars(Correlations)),
        ("tau heat map", Interactive.Charts.CorrelationHeatMap(Correlations)),
        ("testbed marginals", Interactive.Charts.TestbedMarginals(Testbed(), TestbedMarginal.SsimAxis)),
        ("diversity vs accuracy", Interactive.Charts.DiversityVsAccuracy([new("clean", 0.12, 0.9), new("ssim 0.8", 0.25, 0.74), new("ssim 0.6", 0.41, 0.52)])),
        ("corruption curves", Interactive.Charts.RobustnessCurves(new CorruptionAccuracyTable("mlp", 0.88,
            [new("fog", 1, 0.8), new("fog", 3, 0.62), new("fog", 5, 0.4), new("gaussian_noise", 1, 0.84), new("gaussian_noise", 3, 0.7), new("gaussian_noise", 5, 0.55)], 500, 0))),
        ("reliability diagram", Interactive.Charts.ReliabilityDiagram(ReliabilityDiagram.Compute(new[,] { { .95, .05 }, { .7, .3 }, { .55, .45 }, { .85, .15 } }, [0, 1, 0, 0], bins: 10))),
        ("QUBA contributions", Interactive.Charts.QubaContributions(Quba())),
        ("user Plotly.NET chart", Plotly.NET.CSharp.Chart.Point<double, double, string>(new[] { 1.0, 2, 3 }, new[] { 2.0, 1, 3 }, Name: "mine")
            .WithXAxisStyle<double, double, string>(TitleText: "my x").WithYAxisStyle<double, double, string>(TitleText: "my y")),
    ];

    /// <summary>A report with every chart (each followed by a paragraph, to see that no chart covers what follows), an XPlot chart, a wide table and a long error.</summary>
    public static HtmlReport Report()
    {
        var report = new HtmlReport("Chart gallery");
        foreach (var (kind, chart) in Charts())
            report.AddHeading(kind, 3).Add(chart).AddMarkdown($"Text after the {kind} chart.");
        report.AddHeading("XPlot chart", 3).Add(new XPlot.Plotly.PlotlyChart()).AddMarkdown("Text after the XPlot chart.");
        var wide = Microsoft.Data.Analysis.DataFrame.LoadCsvFromString(
            string.Join(',', Enumerable.Range(0, 40).Select(i => $"a_rather_long_column_name_{i}")) + "\n" + string.Join(',', Enumerable.Range(0, 40)));
        report.AddHeading("Wide table", 3).Add(wide);
        report.AddError("A long error line " + string.Concat(Enumerable.Repeat("without_any_spaces_", 30)) + "end.");
        return report;
    }
}
