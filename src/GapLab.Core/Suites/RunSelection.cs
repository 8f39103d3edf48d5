using GapLab.Analysis;

namespace GapLab.Suites;

/// <summary>
/// Which runs of a runs table a population job (correlate, quality --runs) uses: the latest record of each run id, kept when its
/// status is <c>completed</c>. Runs left out (diverged, cancelled) are listed so the job can say so instead of dropping them silently.
/// </summary>
public static class RunSelection
{
    /// <summary>The latest row per run id whose status is completed, in first-seen order, and the ids left out with their status.</summary>
    public static (IReadOnlyList<string[]> Completed, IReadOnlyList<(string RunId, string Status)> LeftOut) Completed(CsvTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        int cId = table.Column("run_id"), cStatus = table.Column("status");
        var latest = table.Rows.GroupBy(r => r[cId]).Select(g => g.Last()).ToList();
        return (latest.Where(r => r[cStatus] == "completed").ToList(),
                latest.Where(r => r[cStatus] != "completed").Select(r => (r[cId], r[cStatus])).ToList());
    }

    /// <summary>One line naming the runs left out, e.g. "2 run(s) left out: a (diverged), b (cancelled)"; null when none.</summary>
    public static string? Note(IReadOnlyList<(string RunId, string Status)> leftOut) => leftOut.Count == 0 ? null :
        $"{leftOut.Count} run(s) left out (not completed): " + string.Join(", ", leftOut.Take(8).Select(r => $"{r.RunId} ({r.Status})")) +
        (leftOut.Count > 8 ? ", ..." : "");
}
