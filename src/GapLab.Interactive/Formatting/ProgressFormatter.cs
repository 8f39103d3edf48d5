using System.Globalization;
using GapLab.Interactive.Commands;

namespace GapLab.Interactive.Formatting;

/// <summary>Cell output for <see cref="ProgressView"/>: title, a progress bar with percentage, the state and the detail line.</summary>
public static class ProgressFormatter
{
    public static string ToHtml(ProgressView p)
    {
        ArgumentNullException.ThrowIfNull(p);
        string percent = (100 * p.Fraction).ToString("0", CultureInfo.InvariantCulture);
        return "<div class=\"gaplab-progress\"><b>" + Html.Encode(p.Title) + "</b><br/>" +
               $"<progress value=\"{p.Fraction.ToString("0.####", CultureInfo.InvariantCulture)}\" max=\"1\">{percent}%</progress> {percent}% " +
               Html.Encode(p.State) + (p.Detail.Length == 0 ? "" : "<br/><small>" + Html.Encode(p.Detail) + "</small>") + "</div>";
    }

    public static string ToText(ProgressView p) => p.ToString();
}
