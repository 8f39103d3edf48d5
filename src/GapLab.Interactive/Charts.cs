using Plotly.NET;

namespace GapLab.Interactive;

/// <summary>One epoch of a training curve.</summary>
public sealed record GapCurvePoint(int Epoch, double Train, double Test);

/// <summary>One trained model for a gap-vs-size plot.</summary>
public sealed record GapSizePoint(string Label, double Parameters, double Gap);

/// <summary>One finished epoch of a live training curve: the epoch's mean training loss (the mean of its batch objectives).</summary>
public sealed record EpochLossPoint(int Epoch, double TrainLoss);

/// <summary>One model for a theory-vs-practice plot: a complexity measure against the observed gap.</summary>
public sealed record MeasureGapPoint(string Label, double Measure, double Gap);

/// <summary>
/// All GapLab notebook charts, as Plotly.NET <see cref="GenericChart"/>s: restyle them with Plotly.NET (<c>WithTitle</c>,
/// <c>WithSize</c>, ...) or combine them with your own charts (<c>Chart.Combine</c>). Inputs are plain records so the charts
/// work with any result type.
/// </summary>
public static partial class Charts
{
    /// <summary>Train and test curves per epoch (<paramref name="metric"/> e.g. "error" or "loss"), plus the gap test - train.</summary>
    public static GenericChart GapCurves(IReadOnlyList<GapCurvePoint> points, string metric = "error", string? title = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0) throw new ArgumentException("GapCurves needs at least one (epoch, train, test) point.");
        var ordered = points.OrderBy(p => p.Epoch).ToArray();
        var epochs = ordered.Select(p => p.Epoch).ToArray();
        var chart = Plotly.NET.CSharp.Chart.Combine(
        [
            Lines("train", epochs, ordered.Select(p => p.Train)),
            Lines("test", epochs, ordered.Select(p => p.Test)),
            Lines("gap (test - train)", epochs, ordered.Select(p => p.Test - p.Train)),
        ]);
        return Styled(chart, title ?? $"Train vs test {metric}", new ChartAxis("epoch", IntegerTicks: true), new ChartAxis(metric),
            integerSpan: epochs[^1] - epochs[0]);
    }

    /// <summary>
    /// The live curve of a training run: mean training loss per finished epoch (drawn under the progress bar while it trains;
    /// the final train/test curves are <see cref="GapCurves"/>).
    /// </summary>
    public static GenericChart LiveTrainingLoss(IReadOnlyList<EpochLossPoint> points, int plannedEpochs, string title = "Training loss per epoch (live)")
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0) throw new ArgumentException("LiveTrainingLoss needs at least one finished epoch.");
        var ordered = points.OrderBy(p => p.Epoch).ToArray();
        var chart = Lines("mean training loss", ordered.Select(p => p.Epoch), ordered.Select(p => p.TrainLoss));
        int last = Math.Max(plannedEpochs, ordered[^1].Epoch);
        return Styled(chart, title, new ChartAxis("epoch", IntegerTicks: true, Range: [0.5, last + 0.5]), new ChartAxis("loss"), height: 300,
            integerSpan: last - 1);
    }

    /// <summary>Generalization gap against parameter count (log x axis), one marker per model, labelled.</summary>
    public static GenericChart GapVsModelSize(IReadOnlyList<GapSizePoint> points, string title = "Generalization gap vs model size")
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0) throw new ArgumentException("GapVsModelSize needs at least one (label, parameters, gap) point.");
        if (points.FirstOrDefault(p => p.Parameters <= 0) is { } bad)
            throw new ArgumentException($"Model '{bad.Label}' has {bad.Parameters} parameters; a log-scale size axis needs positive counts.");
        var chart = Markers("models", points.Select(p => p.Parameters), points.Select(p => p.Gap), points.Select(p => p.Label));
        return Styled(chart, title, new ChartAxis("parameters", "log"), new ChartAxis("gap (test - train error)"));
    }

    /// <summary>
    /// A complexity measure against the observed gap, with Kendall's tau (computed by the caller's ranking metric) in the title,
    /// e.g. "Sharpness vs gap (τ = 0.62)".
    /// </summary>
    public static GenericChart TheoryVsPractice(IReadOnlyList<MeasureGapPoint> points, string measure, double tau) =>
        TheoryVsPractice(points, measure, $"{measure} vs gap (τ = {Inv(tau)})");

    static GenericChart TheoryVsPractice(IReadOnlyList<MeasureGapPoint> points, string measure, string title)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0) throw new ArgumentException("TheoryVsPractice needs at least one (label, measure, gap) point.");
        if (string.IsNullOrWhiteSpace(measure)) throw new ArgumentException("TheoryVsPractice needs the measure's name.");
        var chart = Markers(measure, points.Select(p => p.Measure), points.Select(p => p.Gap), points.Select(p => p.Label));
        return Styled(chart, title, new ChartAxis(measure), new ChartAxis("gap (test - train error)"));
    }
}
