using System.Globalization;
using GapLab.Data;

namespace GapLab.Interactive.Formatting;

/// <summary>Cell output for datasets and splits: a summary card and a class-count table.</summary>
public static class DatasetFormatter
{
    public static string ToHtml(Dataset dataset) => ToHtml(DatasetSummary.Of(dataset));

    public static string ToHtml(DatasetSplit split) => ToHtml(DatasetSplitSummary.Of(split));

    public static string ToHtml(DatasetSplitSummary s) =>
        "<div style=\"display:flex;gap:2em\"><div>" + ToHtml(s.Train with { Name = s.Train.Name + " (train)" }) +
        "</div><div>" + ToHtml(s.Test with { Name = s.Test.Name + " (test)" }) + "</div></div>";

    public static string ToHtml(DatasetSummary s)
    {
        var card = Html.Card(s.Name, Fields(s).Select(f => (f.Key, Html.Encode(f.Value))));
        var classes = Html.Table(["Class", "Name", "Samples", "Share"],
            s.ClassNames.Select((name, i) => (IReadOnlyList<string>)[
                I(i), Html.Encode(name), I(s.ClassCounts[i]), Share(s.ClassCounts[i], s.Count)]));
        return card + classes;
    }

    public static string ToText(Dataset dataset) => ToText(DatasetSummary.Of(dataset));

    public static string ToText(DatasetSplit split) => ToText(DatasetSplitSummary.Of(split));

    public static string ToText(DatasetSplitSummary s) => ToText(s.Train with { Name = s.Train.Name + " (train)" }) + Environment.NewLine + ToText(s.Test with { Name = s.Test.Name + " (test)" });

    public static string ToText(DatasetSummary s) =>
        Html.TextCard(s.Name, Fields(s).Concat(s.ClassNames.Select((n, i) => ($"class {i}", $"{n}: {s.ClassCounts[i]} ({Share(s.ClassCounts[i], s.Count)})"))));

    static IEnumerable<(string Key, string Value)> Fields(DatasetSummary s)
    {
        yield return ("samples", I(s.Count));
        yield return ("sample shape", s.ShapeText);
        yield return ("classes", I(s.ClassNames.Count));
        yield return ("feature min", Html.Number(s.FeatureMin));
        yield return ("feature max", Html.Number(s.FeatureMax));
        yield return ("feature mean", Html.Number(s.FeatureMean));
        yield return ("feature std", Html.Number(s.FeatureStd));
        yield return ("fingerprint", s.Fingerprint[..Math.Min(16, s.Fingerprint.Length)] + "…");
    }

    static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

    static string Share(int part, int total) => total == 0 ? "—" : (100.0 * part / total).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
