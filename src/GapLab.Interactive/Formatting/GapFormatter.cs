using GapLab.Metrics;

namespace GapLab.Interactive.Formatting;

/// <summary>Cell output for <see cref="GeneralizationGap"/>: train/test accuracy and loss with the accuracy, error and loss gaps.</summary>
public static class GapFormatter
{
    public const string Title = "Generalization gap";

    public static string ToHtml(GeneralizationGap gap) => Html.Card(Title, Fields(gap).Select(f => (f.Key, Html.Encode(f.Value))));

    public static string ToText(GeneralizationGap gap) => Html.TextCard(Title, Fields(gap));

    /// <summary>The rows shared by this card and the training-result card.</summary>
    public static IEnumerable<(string Key, string Value)> Fields(GeneralizationGap g)
    {
        ArgumentNullException.ThrowIfNull(g);
        yield return ("train accuracy", Html.Number(g.TrainAccuracy));
        yield return ("test accuracy", Html.Number(g.TestAccuracy));
        yield return ("accuracy gap (train - test)", Html.Number(g.AccuracyGap));
        yield return ("error gap (test - train)", Html.Number(g.ErrorGap));
        yield return ("train loss", Html.Number(g.TrainLoss));
        yield return ("test loss", Html.Number(g.TestLoss));
        yield return ("loss gap (test - train)", Html.Number(g.LossGap));
    }
}
