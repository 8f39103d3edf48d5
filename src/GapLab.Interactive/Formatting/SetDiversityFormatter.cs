using System.Globalization;
using GapLab.Metrics.Similarity;

namespace GapLab.Interactive.Formatting;

/// <summary>Cell output for <see cref="SetDiversityResult"/>: images, SSIM to the originals, mean pairwise 1 - SSIM with its interval, Vendi score.</summary>
public static class SetDiversityFormatter
{
    public const string Title = "Set diversity";

    public static string ToHtml(SetDiversityResult r) => Html.Card(Title, Fields(r).Select(f => (f.Key, Html.Encode(f.Value))));

    public static string ToText(SetDiversityResult r) => Html.TextCard(Title, Fields(r));

    static IEnumerable<(string Key, string Value)> Fields(SetDiversityResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        yield return ("set", r.Label);
        yield return ("images", r.Items.ToString(CultureInfo.InvariantCulture));
        yield return ("mean SSIM to the originals", double.IsNaN(r.SsimToOriginals) ? "- (no originals)" : r.SsimToOriginals.ToString("0.0000", CultureInfo.InvariantCulture));
        string ci = $"[{r.DissimilarityLow.ToString("0.0000", CultureInfo.InvariantCulture)}, {r.DissimilarityHigh.ToString("0.0000", CultureInfo.InvariantCulture)}]";
        string pairs = r.PairsUsed.ToString("N0", CultureInfo.InvariantCulture);
        yield return ("mean pairwise 1 - SSIM", r.MeanDissimilarity.ToString("0.0000", CultureInfo.InvariantCulture) + (r.Exhaustive
            ? $" over all {pairs} pairs, 95% CI {ci} resampling the images"
            : $", 95% CI {ci} over {pairs} random pairs"));
        yield return ("Vendi score", r.Vendi.ToString("0.00", CultureInfo.InvariantCulture) + $" (effective number of distinct images, 1..{r.Items})");
    }
}
