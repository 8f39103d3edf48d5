using GapLab.IO;
using System.Globalization;
using GapLab.Interactive.Commands;
using GapLab.Metrics;
using GapLab.Training;

namespace GapLab.Interactive.Formatting;

/// <summary>
/// Cell output for <see cref="TrainResult"/>: a summary card (status, epochs, steps, time, final train/test accuracy and loss,
/// gaps, message) followed by the per-epoch train/test error curves with their gap (when an epoch was evaluated).
/// </summary>
public static class TrainResultFormatter
{
    public const string Title = "Training run";

    public static string ToHtml(TrainResult r) => ToHtml(r, PlotlySession.Current.Script);

    /// <summary>The card and chart, with plotly.js from <paramref name="plotly"/>.</summary>
    public static string ToHtml(TrainResult r, PlotlyScript plotly)
    {
        var card = Html.Card(Title, Fields(r).Select(f => (f.Key, Html.Encode(f.Value))));
        var curve = GapCommand.Curve(r);
        return curve.Count == 0 ? card : card + ChartFormatter.ToHtml(Charts.GapCurves(curve, "error", "Train vs test error per epoch"), plotly);
    }

    public static string ToText(TrainResult r) => Html.TextCard(Title, Fields(r));

    static IEnumerable<(string Key, string Value)> Fields(TrainResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        yield return ("status", r.Status.Text());
        yield return ("epochs", r.Epochs.Count.ToString(CultureInfo.InvariantCulture));
        yield return ("steps", r.TotalSteps.ToString(CultureInfo.InvariantCulture));
        yield return ("wall time", r.WallSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s");
        if (r.BestEpoch is int best) yield return ("best validation epoch", best.ToString(CultureInfo.InvariantCulture));
        if (r.Final is { } f)
            foreach (var field in GapFormatter.Fields(new GeneralizationGap(f.TrainAccuracy, f.TestAccuracy, f.TrainLoss, f.TestLoss)))
                yield return field;
        yield return ("message", r.Message);
    }
}
