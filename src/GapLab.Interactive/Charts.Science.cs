using System.Globalization;
using GapLab.Analysis;
using GapLab.Testbed;
using XPlot.Plotly;

namespace GapLab.Interactive;

/// <summary>One evaluated set for a diversity-vs-accuracy plot: its diversity (e.g. mean 1 - SSIM or Vendi) and a model's accuracy on it.</summary>
public sealed record DiversityAccuracyPoint(string Label, double Diversity, double Accuracy);

/// <summary>One trained model for a double-descent plot: parameters, train and test error.</summary>
public sealed record SizeErrorPoint(string Label, double Parameters, double TrainError, double TestError);

/// <summary>Charts of the science APIs: theory vs practice with intervals, correlation tables, testbed marginals, set diversity.</summary>
public static partial class Charts
{
    static string Inv(double v, string format = "0.###") => v.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>
    /// A complexity measure against the observed gap with Kendall's tau and its interval in the title,
    /// e.g. "L2 vs gap (τ = 0.41, 95% CI [0.24, 0.56])".
    /// </summary>
    public static PlotlyChart TheoryVsPractice(IReadOnlyList<MeasureGapPoint> points, string measure, double tau, double low, double high)
    {
        var chart = TheoryVsPractice(points, measure, tau);
        chart.WithTitle($"{measure} vs gap (τ = {Inv(tau)}, 95% CI [{Inv(low)}, {Inv(high)}])");
        return chart;
    }

    /// <summary>Theory vs practice for the row of <paramref name="correlation"/>: one point per run of <paramref name="population"/> that has the measure.</summary>
    public static PlotlyChart TheoryVsPractice(IReadOnlyList<PopulationRun> population, MeasureCorrelation correlation)
    {
        ArgumentNullException.ThrowIfNull(population);
        ArgumentNullException.ThrowIfNull(correlation);
        var points = population.Where(r => r.Measures.TryGetValue(correlation.Measure, out var v) && double.IsFinite(v) && double.IsFinite(r.Gap))
            .Select(r => new MeasureGapPoint(r.RunId, r.Measures[correlation.Measure], r.Gap)).ToArray();
        if (points.Length == 0) throw new ArgumentException($"No run of the population has a finite value of '{correlation.Measure}'.");
        return TheoryVsPractice(points, correlation.Measure, correlation.KendallTau, correlation.KendallTauLow, correlation.KendallTauHigh);
    }

    /// <summary>Kendall tau-b of every measure as horizontal bars (ranked, best on top) with the bootstrap interval as error bars.</summary>
    public static PlotlyChart CorrelationBars(IReadOnlyList<MeasureCorrelation> rows, string title = "Kendall τ of each measure with the gap (95% CI)")
    {
        var ordered = NonEmpty(rows, "CorrelationBars").Where(r => double.IsFinite(r.KendallTau)).OrderBy(r => r.KendallTau).ToArray();
        if (ordered.Length == 0) throw new ArgumentException("CorrelationBars: no measure has a finite tau.");
        var bar = new Bar
        {
            name = "tau-b",
            orientation = "h",
            x = ordered.Select(r => r.KendallTau).ToArray(),
            y = ordered.Select(r => r.Measure).ToArray(),
            error_x = new Error_x
            {
                type = "data",
                symmetric = false,
                array = ordered.Select(r => double.IsFinite(r.KendallTauHigh) ? r.KendallTauHigh - r.KendallTau : 0).ToArray(),
                arrayminus = ordered.Select(r => double.IsFinite(r.KendallTauLow) ? r.KendallTau - r.KendallTauLow : 0).ToArray(),
            },
        };
        var chart = Chart.Plot(bar);
        chart.WithLayout(new Layout.Layout
        {
            title = title,
            xaxis = new Xaxis { title = "Kendall τ-b (measure vs gap)", range = new[] { -1.0, 1.0 } },
            margin = new Margin { l = 230 },
            height = Math.Max(300, 22 * ordered.Length + 120),
        });
        return chart;
    }

    /// <summary>Heat map of the agreement statistics (tau-b, Spearman, Psi, 1 - 2 x sign error) per measure, on one -1..1 colour scale.</summary>
    public static PlotlyChart CorrelationHeatMap(IReadOnlyList<MeasureCorrelation> rows, string title = "Agreement of each measure with the gap")
    {
        var ordered = NonEmpty(rows, "CorrelationHeatMap").OrderBy(r => double.IsNaN(r.KendallTau) ? double.NegativeInfinity : r.KendallTau).ToArray();
        string[] columns = ["tau-b", "Spearman", "Psi", "1 - 2·sign error"];
        var z = ordered.Select(r => new[] { r.KendallTau, r.Spearman, r.Psi, 1 - 2 * r.SignError }.Select(v => double.IsFinite(v) ? (object)v : null!).ToArray()).ToArray();
        var heat = new Heatmap { x = columns, y = ordered.Select(r => r.Measure).ToArray(), z = z, zmin = -1, zmax = 1, colorscale = "RdBu" };
        var chart = Chart.Plot(heat);
        chart.WithLayout(new Layout.Layout { title = title, margin = new Margin { l = 230 }, height = Math.Max(300, 22 * ordered.Length + 120) });
        return chart;
    }

    /// <summary>
    /// The testbed's marginals along one axis ("ssim", "zero_shot" or "model"): mean error f1, mean 1 - kappa f2 and accuracy per axis value,
    /// with the trade-off point's bound on that axis as a vertical dotted line (and its generalization and diversity bounds as markers).
    /// </summary>
    public static PlotlyChart TestbedMarginals(TestbedResult result, string axis)
    {
        ArgumentNullException.ThrowIfNull(result);
        var marginals = result.Marginals.Where(m => m.Axis == axis).OrderBy(m => m.Value).ToArray();
        if (marginals.Length == 0)
            throw new ArgumentException($"axis '{axis}' is not accepted; use one of: {string.Join(", ", result.Marginals.Select(m => m.Axis).Distinct())}.");
        var p = result.TradeOff;
        var (bound, xTitle, boundText, xType) = axis switch
        {
            TestbedMarginal.SsimAxis => (p.SsimLowerBound, "SSIM to the originals", $"SSIM ≥ {Inv(p.SsimLowerBound, "0.000")}", "linear"),
            TestbedMarginal.ZeroShotAxis => (p.ZeroShotUpperBound, "zero-shot fraction k / (seen + k)", $"zero-shot ≤ {Inv(p.ZeroShotUpperBound, "0.000")}", "linear"),
            _ => (p.ModelSizeLowerBound, "model size (parameters)", $"size ≥ {p.ModelSizeLowerBound.ToString("N0", CultureInfo.InvariantCulture)} params", "log"),
        };
        var x = marginals.Select(m => m.Value).ToArray();
        var labels = marginals.Select(m => m.Label).ToArray();
        Scatter Series(string name, Func<TestbedMarginal, double> y) => new() { name = name, x = x, y = marginals.Select(y).ToArray(), text = labels, mode = "lines+markers" };
        double top = Math.Max(1, marginals.Max(m => Math.Max(m.F2MeanKappaDistance, m.Accuracy)));
        var traces = new Trace[]
        {
            Series("f1 mean error", m => m.F1MeanError),
            Series("f2 mean 1 - κ", m => m.F2MeanKappaDistance),
            Series("accuracy", m => m.Accuracy),
            new Scatter { name = "trade-off: " + boundText, x = new[] { bound, bound }, y = new[] { 0.0, top }, mode = "lines", line = new Line { dash = "dot", color = "black" } },
            new Scatter
            {
                name = $"bounds at the point (f1 {Inv(p.GeneralizationBound, "0.000")}, f2 {Inv(p.DiversityBound, "0.000")})",
                x = new[] { bound, bound }, y = new[] { p.GeneralizationBound, p.DiversityBound }, mode = "markers",
                marker = new Marker { symbol = "star", size = 14, color = "black" }, text = new[] { "generalization bound", "diversity bound" },
            },
        };
        string name = axis switch { TestbedMarginal.SsimAxis => "SSIM", TestbedMarginal.ZeroShotAxis => "zero-shot fraction", _ => "model size" };
        return Layout(Chart.Plot(traces), $"Testbed '{result.Config.Name}': marginals along {name}", xTitle, "mean over cells", xType);
    }

    /// <summary>The three marginal charts of <paramref name="result"/> (SSIM, zero-shot, model size), each with the trade-off point.</summary>
    public static IReadOnlyList<PlotlyChart> TestbedMarginals(TestbedResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new[] { TestbedMarginal.SsimAxis, TestbedMarginal.ZeroShotAxis, TestbedMarginal.ModelAxis }
            .Where(a => result.Marginals.Any(m => m.Axis == a)).Select(a => TestbedMarginals(result, a)).ToArray();
    }

    /// <summary>Accuracy against the diversity of the evaluated set, one labelled marker per set.</summary>
    public static PlotlyChart DiversityVsAccuracy(IReadOnlyList<DiversityAccuracyPoint> points, string diversity = "mean pairwise 1 - SSIM",
        string title = "Accuracy vs diversity of the test set")
    {
        var list = NonEmpty(points, "DiversityVsAccuracy").OrderBy(p => p.Diversity).ToArray();
        var trace = Markers("sets", list.Select(p => p.Diversity).ToArray(), list.Select(p => p.Accuracy).ToArray(), list.Select(p => p.Label).ToArray());
        trace.mode = "lines+markers+text";
        return Layout(Chart.Plot(trace), title, diversity, "accuracy");
    }

    /// <summary>
    /// Train and test error against parameter count (log x axis), sorted by size; <paramref name="interpolationThreshold"/> (the smallest
    /// size that fits the training set, when finite) is drawn as a vertical dotted line. Double descent shows as a test-error peak near it.
    /// </summary>
    public static PlotlyChart DoubleDescent(IReadOnlyList<SizeErrorPoint> points, double interpolationThreshold = double.NaN, string title = "Error vs model size")
    {
        var list = NonEmpty(points, "DoubleDescent").OrderBy(p => p.Parameters).ToArray();
        if (list.FirstOrDefault(p => p.Parameters <= 0) is { } bad)
            throw new ArgumentException($"Model '{bad.Label}' has {bad.Parameters} parameters; a log-scale size axis needs positive counts.");
        var x = list.Select(p => p.Parameters).ToArray();
        var labels = list.Select(p => p.Label).ToArray();
        var traces = new List<Trace>
        {
            new Scatter { name = "train error", x = x, y = list.Select(p => p.TrainError).ToArray(), text = labels, mode = "lines+markers" },
            new Scatter { name = "test error", x = x, y = list.Select(p => p.TestError).ToArray(), text = labels, mode = "lines+markers" },
        };
        if (double.IsFinite(interpolationThreshold) && interpolationThreshold > 0)
        {
            double top = list.Max(p => Math.Max(p.TrainError, p.TestError));
            traces.Add(new Scatter { name = "interpolation threshold", x = new[] { interpolationThreshold, interpolationThreshold }, y = new[] { 0.0, top },
                mode = "lines", line = new Line { dash = "dot", color = "black" } });
        }
        return Layout(Chart.Plot(traces), title, "parameters", "error", xType: "log");
    }

    static IReadOnlyList<T> NonEmpty<T>(IReadOnlyList<T> rows, string chart)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.Count > 0 ? rows : throw new ArgumentException($"{chart} needs at least one row.");
    }
}
