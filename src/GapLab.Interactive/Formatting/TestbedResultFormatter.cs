using GapLab.IO;
using System.Globalization;
using GapLab.Testbed;

namespace GapLab.Interactive.Formatting;

/// <summary>
/// Cell output for <see cref="TestbedResult"/>: a summary card (configuration, cells, time, the trade-off point's five bounds, each backbone)
/// followed by the marginals table (f1 mean error, f2 mean 1 - kappa and accuracy per axis value) and, when measures were configured, the
/// SE_g table (each complexity measure's sign error against f1 and f5 along the zero-shot and SSIM axes).
/// </summary>
public static class TestbedResultFormatter
{
    public const string Title = "Practical generalization testbed";

    public static string ToHtml(TestbedResult r) =>
        Html.Card(Title, Fields(r).Select(f => (f.Key, Html.Encode(f.Value)))) +
        Html.Table(["axis", "value", "cells", "f1 mean error", "f2 mean 1 - κ", "accuracy", "achieved SSIM"],
            Marginals(r).Select(row => (IReadOnlyList<string>)row.Select(Html.Encode).ToList()), caption: "Marginals") +
        (r.SignErrors.Count == 0 ? "" : Html.Table(SignErrorHeader,
            SignErrors(r).Select(row => (IReadOnlyList<string>)row.Select(Html.Encode).ToList()), caption: SignErrorCaption));

    public static string ToText(TestbedResult r) => Html.TextCard(Title, Fields(r)) + (r.SignErrors.Count == 0 ? "" :
        "\n" + SignErrorCaption + "\n" + string.Join("\n", SignErrors(r).Select(row => "  " + string.Join("  ", row.Where(v => v.Length > 0)))));

    const string SignErrorCaption = "SE_g: sign error of each complexity measure against the practical statistics (0 = same order of models, 0.5 = chance, 1 = opposite)";
    static readonly string[] SignErrorHeader = ["axis", "measure", "SE_g (generalization bound, f1)", "SE_g (10th percentile, f5)", "levels", "pairs", "note"];

    static IEnumerable<string[]> SignErrors(TestbedResult r) => r.SignErrors.Select(e => new[]
    {
        e.Axis, e.Measure, Html.Number(e.GeneralizationBound), Html.Number(e.P10), e.Levels.ToString(CultureInfo.InvariantCulture),
        e.Pairs.ToString(CultureInfo.InvariantCulture), e.Note,
    });

    static IEnumerable<(string Key, string Value)> Fields(TestbedResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var c = r.Config;
        var p = r.TradeOff;
        var inv = CultureInfo.InvariantCulture;
        yield return ("configuration", $"{c.Name}: {c.Models.Count} model(s) x {c.SsimLevels.Count} SSIM level(s) x {c.UnseenCounts.Count} unseen count(s), route {c.Route.Text()}");
        yield return ("cells", r.Cells.Count.ToString(inv));
        yield return ("data", $"{r.Provenance.Dataset}: {r.Provenance.TrainCount} train / {r.Provenance.TestCount} test images");
        yield return ("wall time", r.Provenance.WallSeconds.ToString("0.0", inv) + " s");
        yield return ("SSIM lower bound", p.SsimLowerBound.ToString("0.000", inv));
        yield return ("zero-shot upper bound", p.ZeroShotUpperBound.ToString("0.000", inv));
        yield return ("model-size lower bound", p.ModelSizeLowerBound.ToString("N0", inv) + " parameters");
        yield return ("generalization bound (f1)", p.GeneralizationBound.ToString("0.0000", inv));
        yield return ("diversity bound (f2)", p.DiversityBound.ToString("0.0000", inv));
        yield return ("trade-off method", $"{p.Method.Text()}: {p.Interpolation}; {p.Solver}");
        yield return ("SSIM axis", p.SsimAxisDescription);
        foreach (var b in r.Provenance.Backbones)
            yield return ($"backbone {b.Model}", $"{b.Parameters.ToString("N0", inv)} params, seen-class test accuracy {Html.Number(b.TestAccuracy)} ({b.Status})");
    }

    static IEnumerable<string[]> Marginals(TestbedResult r) => r.Marginals.Select(m => new[]
    {
        m.Axis, m.Label, m.CellCount.ToString(CultureInfo.InvariantCulture), Html.Number(m.F1MeanError), Html.Number(m.F2MeanKappaDistance),
        Html.Number(m.Accuracy), Html.Number(m.AchievedSsim),
    });
}
