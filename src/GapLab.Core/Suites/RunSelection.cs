using GapLab.Analysis;
using GapLab.IO;
using GapLab.Store;
using GapLab.Training;

namespace GapLab.Suites;

/// <summary>
/// Which runs of a runs table a population job (correlate, quality --runs) uses: the latest record of each run id, kept when its
/// status is <c>completed</c>. Runs left out (diverged, cancelled) are listed so the job can say so instead of dropping them silently.
/// </summary>
public static class RunSelection
{
    /// <summary>The latest run per run id whose status is completed, in first-seen order, and the ids left out with their status.</summary>
    public static (IReadOnlyList<RunRecord> Completed, IReadOnlyList<(string RunId, string Status)> LeftOut) Completed(IReadOnlyList<RunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return Completed(runs, r => r.RunId, r => r.Status);
    }

    /// <summary>The same over the rows of a table with columns run_id and status.</summary>
    public static (IReadOnlyList<string[]> Completed, IReadOnlyList<(string RunId, string Status)> LeftOut) Completed(CsvTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        int cId = table.Column("run_id"), cStatus = table.Column("status");
        return Completed(table.Rows, r => r[cId], r => r[cStatus]);
    }

    static (IReadOnlyList<T> Completed, IReadOnlyList<(string RunId, string Status)> LeftOut) Completed<T>(IEnumerable<T> rows, Func<T, string> id, Func<T, string> status)
    {
        var latest = rows.GroupBy(id).Select(g => g.Last()).ToList();
        string completed = TrainStatus.Completed.Text();
        return (latest.Where(r => status(r) == completed).ToList(),
                latest.Where(r => status(r) != completed).Select(r => (id(r), status(r))).ToList());
    }

    /// <summary>One line naming the runs left out, e.g. "2 run(s) left out: a (diverged), b (cancelled)"; null when none.</summary>
    public static string? Note(IReadOnlyList<(string RunId, string Status)> leftOut) => leftOut.Count == 0 ? null :
        $"{leftOut.Count} run(s) left out (not completed): " + string.Join(", ", leftOut.Take(8).Select(r => $"{r.RunId} ({r.Status})")) +
        (leftOut.Count > 8 ? ", ..." : "");
}
