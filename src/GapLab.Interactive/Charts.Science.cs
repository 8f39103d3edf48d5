using System.Globalization;
using GapLab.Analysis;
using GapLab.Testbed;
using Plotly.NET;

namespace GapLab.Interactive;

/// <summary>One evaluated set for a diversity-vs-accuracy plot: its diversity (e.g. mean 1 - SSIM or Vendi) and a model's accuracy on it.</summary>
public sealed record DiversityAccuracyPoint(string Label, double Diversity, double Accuracy);

/// <summary>One trained model for a double-descent plot: parameters, train and test error.</summary>
public sealed record SizeErrorPoint(string Label, double Parameters, double TrainError, double TestError);

/// <summary>Charts of the science APIs: theory vs practice with intervals, correlation tables, testbed marginals, set diversity.</summary>
public static partial class Charts
{
    /// <summary>
    /// A complexity measure against the observed gap with Kendall's tau and its interval in the title,
    /// e.g. "L2 vs gap (τ = 0.41, 95% CI [0.24, 0.56])".
    /// </summary>
    public static GenericChart TheoryVsPractice(IReadOnlyList<MeasureGapPoint> points, string measure, double tau, double low, double high) =>
        TheoryVsPractice(points, measure, $"{measure} vs gap (τ = {Inv(tau)}, 95% CI [{Inv(low)}, {Inv(high)}])");

    /// <summary>Theory vs practice for the row of <paramref name="correlation"/>: one point per run of <paramref name="population"/> that has the measure.</summary>
    public static GenericChart TheoryVsPractice(IReadOnlyList<PopulationRun> population, MeasureCorrelation correlation)
    {
        ArgumentNullException.ThrowIfNull(population);
        ArgumentNullException.ThrowIfNull(correlation);
        var points = population.Where(r => r.Measures.TryGetValue(correlation.Measure, out var v) && double.IsFinite(v) && double.IsFinite(r.Gap))
            .Select(r => new MeasureGapPoint(r.RunId, r.Measures[correlation.Measure], r.Gap)).ToArray();
        if (points.Length == 0) throw new ArgumentException($"No run of the population has a finite value of '{correlation.Measure}'.");
        return TheoryVsPractice(points, correlation.Measure, correlation.KendallTau, correlation.KendallTauLow, correlation.KendallTauHigh);
    }

    /// <summary>Kendall tau-b of every measure as horizontal bars (ranked, best on top) with the bootstrap interval as error bars.</summary>
    public static GenericChart CorrelationBars(IReadOnlyList<MeasureCorrelation> rows, string title = "Kendall τ of each measure with the gap (95% CI)")
    {
        var ordered = NonEmpty(rows, "CorrelationBars").Where(r => double.IsFinite(r.KendallTau)).OrderBy(r => r.KendallTau).ToArray();
        if (ordered.Length == 0) throw new ArgumentException("CorrelationBars: no measure has a finite tau.");
        var chart = Plotly.NET.CSharp.Chart.Bar<double, string, string>(ordered.Select(r => r.KendallTau), Keys: ordered.Select(r => r.Measure).ToArray(), Name: "tau-b");
        WithErrorBars(chart, "error_x", ordered.Select(r => r.KendallTau), ordered.Select(r => r.KendallTauLow), ordered.Select(r => r.KendallTauHigh));
        return Styled(chart, title, new ChartAxis("Kendall τ-b (measure vs gap)", Range: [-1.0, 1.0]), new ChartAxis("measure"), RowsHeight(ordered.Length));
    }

    /// <summary>Heat map of the agreement statistics (tau-b, Spearman, Psi, 1 - 2 x sign error) per measure, on one -1..1 colour scale.</summary>
    public static GenericChart CorrelationHeatMap(IReadOnlyList<MeasureCorrelation> rows, string title = "Agreement of each measure with the gap")
    {
        var ordered = NonEmpty(rows, "CorrelationHeatMap").OrderBy(r => double.IsNaN(r.KendallTau) ? double.NegativeInfinity : r.KendallTau).ToArray();
        string[] columns = ["tau-b", "Spearman", "Psi", "1 - 2·sign error"];
        var z = ordered.Select(r => new[] { r.KendallTau, r.Spearman, r.Psi, 1 - 2 * r.SignError }).ToArray();
        var chart = Plotly.NET.CSharp.Chart.Heatmap<double, string, string, string>(z, X: columns, Y: ordered.Select(r => r.Measure).ToArray(), Name: "agreement",
            ColorScale: StyleParam.Colorscale.RdBu);
        foreach (var trace in GenericChart.getTraces(chart))
        {
            trace.SetProperty("z", z.Select(row => row.Select(v => double.IsFinite(v) ? v : (double?)null).ToArray()).ToArray()); // gaps for undefined values
            trace.SetProperty("zmin", -1.0);
            trace.SetProperty("zmax", 1.0);
        }
        return Styled(chart, title, new ChartAxis("statistic"), new ChartAxis("measure"), RowsHeight(ordered.Length));
    }

    /// <summary>
    /// The testbed's marginals along one axis ("ssim", "zero_shot" or "model"): mean error f1, mean 1 - kappa f2 and accuracy per axis value,
    /// with the trade-off point's bound on that axis as a vertical dotted line (and its generalization and diversity bounds as markers).
    /// </summary>
    public static GenericChart TestbedMarginals(TestbedResult result, string axis)
    {
        ArgumentNullException.ThrowIfNull(result);
        var marginals = result.Marginals.Where(m => m.Axis == axis).OrderBy(m => m.Value).ToArray();
        if (marginals.Length == 0)
            throw new ArgumentException($"axis '{axis}' is not accepted; use one of: {string.Join(", ", result.Marginals.Select(m => m.Axis).Distinct())}.");
        var p = result.TradeOff;
        var (bound, xTitle, boundText, xType) = axis switch
        {
            TestbedMarginal.SsimAxis => (p.SsimLowerBound, "SSIM to the originals", $"SSIM ≥ {Inv(p.SsimLowerBound, "0.000")}", null),
            TestbedMarginal.ZeroShotAxis => (p.ZeroShotUpperBound, "zero-shot fraction k / (seen + k)", $"zero-shot ≤ {Inv(p.ZeroShotUpperBound, "0.000")}", null),
            _ => (p.ModelSizeLowerBound, "model size (parameters)", $"size ≥ {p.ModelSizeLowerBound.ToString("N0", CultureInfo.InvariantCulture)} params", "log"),
        };
        var x = marginals.Select(m => m.Value).ToArray();
        var labels = marginals.Select(m => m.Label).ToArray();
        double top = Math.Max(1, marginals.Max(m => Math.Max(m.F2MeanKappaDistance, m.Accuracy)));
        var bounds = Plotly.NET.CSharp.Chart.Scatter<double, double, string>([bound, bound], [p.GeneralizationBound, p.DiversityBound], StyleParam.Mode.Markers,
            Name: $"bounds at the point (f1 {Inv(p.GeneralizationBound, "0.000")}, f2 {Inv(p.DiversityBound, "0.000")})",
            MultiText: new[] { "generalization bound", "diversity bound" }, MarkerSymbol: StyleParam.MarkerSymbol.Star, MarkerColor: Color.fromString("black"));
        var chart = Plotly.NET.CSharp.Chart.Combine(
        [
            Lines("f1 mean error", x, marginals.Select(m => m.F1MeanError), labels),
            Lines("f2 mean 1 - κ", x, marginals.Select(m => m.F2MeanKappaDistance), labels),
            Lines("accuracy", x, marginals.Select(m => m.Accuracy), labels),
            ReferenceLine("trade-off: " + boundText, [bound, bound], [0.0, top], StyleParam.DrawingStyle.Dot, "black"),
            bounds,
        ]);
        string name = axis switch { TestbedMarginal.SsimAxis => "SSIM", TestbedMarginal.ZeroShotAxis => "zero-shot fraction", _ => "model size" };
        return Styled(chart, $"Testbed '{result.Config.Name}': marginals along {name}", new ChartAxis(xTitle, xType), new ChartAxis("mean over cells"));
    }

    /// <summary>The three marginal charts of <paramref name="result"/> (SSIM, zero-shot, model size), each with the trade-off point.</summary>
    public static IReadOnlyList<GenericChart> TestbedMarginals(TestbedResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new[] { TestbedMarginal.SsimAxis, TestbedMarginal.ZeroShotAxis, TestbedMarginal.ModelAxis }
            .Where(a => result.Marginals.Any(m => m.Axis == a)).Select(a => TestbedMarginals(result, a)).ToArray();
    }

    /// <summary>Accuracy against the diversity of the evaluated set, one labelled marker per set.</summary>
    public static GenericChart DiversityVsAccuracy(IReadOnlyList<DiversityAccuracyPoint> points, string diversity = "mean pairwise 1 - SSIM",
        string title = "Accuracy vs diversity of the test set")
    {
        var list = NonEmpty(points, "DiversityVsAccuracy").OrderBy(p => p.Diversity).ToArray();
        var chart = Plotly.NET.CSharp.Chart.Scatter<double, double, string>(list.Select(p => p.Diversity), list.Select(p => p.Accuracy), StyleParam.Mode.Lines_Markers_Text,
            Name: "sets", MultiText: list.Select(p => p.Label).ToArray(), TextPosition: StyleParam.TextPosition.TopCenter);
        return Styled(chart, title, new ChartAxis(diversity), new ChartAxis("accuracy"));
    }

    /// <summary>
    /// Train and test error against parameter count (log x axis), sorted by size; <paramref name="interpolationThreshold"/> (the smallest
    /// size that fits the training set, when finite) is drawn as a vertical dotted line. Double descent shows as a test-error peak near it.
    /// </summary>
    public static GenericChart DoubleDescent(IReadOnlyList<SizeErrorPoint> points, double interpolationThreshold = double.NaN, string title = "Error vs model size")
    {
        var list = NonEmpty(points, "DoubleDescent").OrderBy(p => p.Parameters).ToArray();
        if (list.FirstOrDefault(p => p.Parameters <= 0) is { } bad)
            throw new ArgumentException($"Model '{bad.Label}' has {bad.Parameters} parameters; a log-scale size axis needs positive counts.");
        var x = list.Select(p => p.Parameters).ToArray();
        var labels = list.Select(p => p.Label).ToArray();
        var traces = new List<GenericChart>
        {
            Lines("train error", x, list.Select(p => p.TrainError), labels),
            Lines("test error", x, list.Select(p => p.TestError), labels),
        };
        if (double.IsFinite(interpolationThreshold) && interpolationThreshold > 0)
        {
            double top = list.Max(p => Math.Max(p.TrainError, p.TestError));
            traces.Add(ReferenceLine("interpolation threshold", [interpolationThreshold, interpolationThreshold], [0.0, top], StyleParam.DrawingStyle.Dot, "black"));
        }
        return Styled(Plotly.NET.CSharp.Chart.Combine(traces), title, new ChartAxis("parameters", "log"), new ChartAxis("error"));
    }

    static IReadOnlyList<T> NonEmpty<T>(IReadOnlyList<T> rows, string chart)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.Count > 0 ? rows : throw new ArgumentException($"{chart} needs at least one row.");
    }
}
