using System.Globalization;
using GapLab.Suites;
using GapLab.Store;

namespace GapLab.Interactive.Formatting;

/// <summary>Cell output for a list of <see cref="RunRecord"/>: one row per run with accuracies, gaps, the test-accuracy interval and status.</summary>
public static class RunRecordsFormatter
{
    static readonly string[] Headers = ["Run", "Params", "Epochs", "Train acc", "Test acc", "Acc gap", "Loss gap", "Test acc 95% CI", "Status"];

    public static string ToHtml(IReadOnlyList<RunRecord> runs) =>
        Html.Table(Headers.Select(Html.Encode).ToList(), Rows(runs).Select(r => (IReadOnlyList<string>)r.Select(Html.Encode).ToList()),
            footer: Html.Encode(Footer(runs)));

    public static string ToText(IReadOnlyList<RunRecord> runs)
    {
        var rows = Rows(runs).Prepend(Headers).ToList();
        var widths = Enumerable.Range(0, Headers.Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        return string.Join(Environment.NewLine, rows.Select(r => string.Join("  ", r.Select((v, c) => v.PadRight(widths[c]))).TrimEnd()).Append(Footer(runs)));
    }

    static IEnumerable<string[]> Rows(IReadOnlyList<RunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return runs.Select(r => new[]
        {
            r.RunId, r.Params.ToString("N0", CultureInfo.InvariantCulture), r.Epochs.ToString(CultureInfo.InvariantCulture),
            Html.Number(r.TrainAcc), Html.Number(r.TestAcc), Html.Number(r.AccGap), Html.Number(r.LossGap),
            $"[{Html.Number(r.TestAccCiLow)}, {Html.Number(r.TestAccCiHigh)}]", r.Status,
        });
    }

    static string Footer(IReadOnlyList<RunRecord> runs) =>
        $"{runs.Count} runs" + (runs.Count == 0 ? "" : $" of suite {runs[0].Suite} on {runs[0].Dataset}");
}
