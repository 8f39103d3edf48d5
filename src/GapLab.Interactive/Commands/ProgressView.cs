using GapLab.IO;
using System.Globalization;
using GapLab.Suites;
using GapLab.Training;

namespace GapLab.Interactive.Commands;

/// <summary>
/// What a live progress element shows: a title, where the job is (<paramref name="State"/>), the fraction done in [0, 1] and
/// a detail line (loss, speed, time left). Made from trainer and suite progress events; drawn by <c>ProgressFormatter</c>.
/// </summary>
public sealed record ProgressView(string Title, string State, double Fraction, string Detail)
{
    /// <summary>Finished epochs of a training run so far, drawn as a live curve under the bar (empty: no curve).</summary>
    public IReadOnlyList<Interactive.EpochLossPoint> Curve { get; init; } = [];

    /// <summary>Planned epochs (the live curve's x range).</summary>
    public int PlannedEpochs { get; init; }

    /// <summary>The view before the first event.</summary>
    public static ProgressView Starting(string title) => new(title, "starting", 0, "");

    /// <summary>A training event: fraction = finished batches / all batches.</summary>
    public static ProgressView Of(string title, TrainProgress p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new ProgressView(title,
            p.Phase == TrainPhase.Eval ? $"epoch {p.Epoch}/{p.Epochs}: evaluating" : $"epoch {p.Epoch}/{p.Epochs}, batch {p.Batch}/{p.BatchesPerEpoch}",
            TrainFraction(p),
            DetailOf(p));
    }

    /// <summary>A suite event: fraction = (finished runs + fraction of the current run) / runs.</summary>
    public static ProgressView Of(string title, SuiteProgress p)
    {
        ArgumentNullException.ThrowIfNull(p);
        double inRun = p.Finished is not null ? 1 : p.Train is { } t ? TrainFraction(t) : 0;
        var state = $"run {p.RunIndex + 1}/{p.RunCount} {p.RunId}" + (p.Train is { } tp ? $": epoch {tp.Epoch}/{tp.Epochs}, batch {tp.Batch}/{tp.BatchesPerEpoch}" : "");
        var detail = p.Finished is { } r
            ? $"finished {r.RunId}: {r.Status}, train acc {Pct(r.TrainAcc)}, test acc {Pct(r.TestAcc)}, gap {Pct(r.AccGap)}"
            : p.Train is { } tr ? DetailOf(tr) : "";
        return new ProgressView(title, state, Math.Clamp((p.RunIndex + inRun) / Math.Max(1, p.RunCount), 0, 1), detail);
    }

    /// <summary>A quality-evaluation event: fraction = batches done / all batches of all stages.</summary>
    public static ProgressView Of(string title, GapLab.Quality.QualityProgress p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new ProgressView(title, $"{p.Stage}, batch {p.StageDone}/{p.StageTotal}", Math.Clamp(p.Fraction, 0, 1), $"{p.Done} of {p.Total} batches");
    }

    /// <summary>The final view of a training run.</summary>
    public static ProgressView Finished(string title, TrainResult r, int plannedEpochs)
    {
        ArgumentNullException.ThrowIfNull(r);
        var f = r.Final;
        var detail = f is null ? r.Message
            : $"{r.Message}; train acc {Pct(f.TrainAccuracy)}, test acc {Pct(f.TestAccuracy)}, gap {Pct(f.TrainAccuracy - f.TestAccuracy)}";
        return new ProgressView(title, r.Status.Text(), 
            r.Status is TrainStatus.Completed or TrainStatus.EarlyStopped ? 1 : Math.Clamp((double)r.Epochs.Count / Math.Max(1, plannedEpochs), 0, 1), detail);
    }

    static double TrainFraction(TrainProgress p) =>
        Math.Clamp(((p.Epoch - 1) * (double)p.BatchesPerEpoch + p.Batch) / Math.Max(1.0, (double)p.Epochs * p.BatchesPerEpoch), 0, 1);

    static string DetailOf(TrainProgress p)
    {
        var parts = new List<string> { $"loss {p.Loss.ToString("0.####", CultureInfo.InvariantCulture)}" };
        if (p.ImagesPerSecond > 0) parts.Add($"{p.ImagesPerSecond.ToString("0", CultureInfo.InvariantCulture)} img/s");
        parts.Add($"about {p.Eta.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s left");
        return string.Join(", ", parts);
    }

    static string Pct(double v) => double.IsNaN(v) ? "n/a" : (100 * v).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    public override string ToString() => $"{Title}: {State} ({(100 * Fraction).ToString("0", CultureInfo.InvariantCulture)}%) {Detail}".TrimEnd();
}
