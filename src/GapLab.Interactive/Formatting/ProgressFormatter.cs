using System.Globalization;
using GapLab.Interactive.Commands;

namespace GapLab.Interactive.Formatting;

/// <summary>
/// Cell output for <see cref="ProgressView"/>: title, a progress bar with percentage, the state and the detail line, then the live
/// curve of the finished epochs when there is one (<see cref="Charts.LiveTrainingLoss"/>). In a notebook the output is redrawn in
/// place, so its chart takes plotly.js from <see cref="PlotlySession.LiveScript"/>.
/// </summary>
public static class ProgressFormatter
{
    public static string ToHtml(ProgressView p) => ToHtml(p, PlotlySession.Current.LiveScript);

    public static string ToHtml(ProgressView p, PlotlyScript plotly) =>
        Bar(p) + (p.Curve.Count == 0 ? "" : ChartFormatter.ToHtml(Charts.LiveTrainingLoss(p.Curve, p.PlannedEpochs), plotly));

    static string Bar(ProgressView p)
    {
        ArgumentNullException.ThrowIfNull(p);
        string percent = (100 * p.Fraction).ToString("0", CultureInfo.InvariantCulture);
        return "<div class=\"gaplab-progress\"><b>" + Html.Encode(p.Title) + "</b><br/>" +
               $"<progress value=\"{p.Fraction.ToString("0.####", CultureInfo.InvariantCulture)}\" max=\"1\">{percent}%</progress> {percent}% " +
               Html.Encode(p.State) + (p.Detail.Length == 0 ? "" : "<br/><small>" + Html.Encode(p.Detail) + "</small>") + "</div>";
    }

    public static string ToText(ProgressView p) => p.ToString();
}
