using GapLab.IO;
namespace GapLab.Store;

/// <summary>
/// The merge rule for runs met in several stores (offered in order of precedence): one row per run id; a finished row (any
/// status but <c>cancelled</c>) wins over a cancelled one; of two finished rows the first is kept, with a warning when their
/// results differ. Used by the one merge, <c>ResultStoreMerge</c>.
/// </summary>
/// <typeparam name="T">What the caller keeps of the winning row (the CSV fields, or nothing).</typeparam>
public sealed class RunWinners<T>(IReadOnlyList<string> storeNames)
{
    readonly Dictionary<string, (int Store, bool Finished, IReadOnlyList<string> Results, T Row)> held = new(StringComparer.Ordinal);
    readonly List<string> order = [];
    readonly List<string> warnings = [];

    /// <summary>Run ids in the order they were first met.</summary>
    public IReadOnlyList<string> Order => order;
    /// <summary>Rows that lost to a row of the same run id.</summary>
    public int Dropped { get; private set; }
    public IReadOnlyList<string> Warnings => warnings;

    /// <summary>Offers the row of <paramref name="runId"/> from store number <paramref name="store"/>; <paramref name="results"/> are the fields
    /// compared between two finished rows (status, epochs, steps, accuracies, losses).</summary>
    public void Offer(int store, string runId, string status, IReadOnlyList<string> results, T row)
    {
        bool finished = status != GapLab.Training.TrainStatus.Cancelled.Text();
        if (!held.TryGetValue(runId, out var h))
        {
            held[runId] = (store, finished, results, row);
            order.Add(runId);
            return;
        }
        Dropped++;
        if (!h.Finished && finished) { held[runId] = (store, finished, results, row); return; }
        if (h.Finished && finished && !h.Results.SequenceEqual(results, StringComparer.Ordinal))
            warnings.Add($"run '{runId}' has different finished results in '{storeNames[h.Store]}' and '{storeNames[store]}'; kept the first.");
    }

    /// <summary>The store and row that won for <paramref name="runId"/>.</summary>
    public (int Store, T Row) Winner(string runId) => (held[runId].Store, held[runId].Row);
}
