using GapLab.IO;
namespace GapLab.Store;

/// <summary>
/// Which runs <see cref="ResultStore.Runs"/> and <see cref="ResultStore.Epochs"/> return: every condition given must hold (null =
/// any). <paramref name="Statuses"/>: e.g. <c>completed</c>; <paramref name="Suite"/>: the suite name; <paramref name="RunIds"/>: these runs.
/// </summary>
public sealed record RunFilter(IReadOnlyCollection<string>? Statuses = null, string? Suite = null, IReadOnlyCollection<string>? RunIds = null)
{
    /// <summary>The runs with status <c>completed</c>.</summary>
    public static RunFilter Completed { get; } = new(Statuses: [GapLab.Training.TrainStatus.Completed.Text()]);

    /// <summary>The SQL condition on the columns of <c>runs</c> (prefixed by <paramref name="alias"/>), "true" when there is none.</summary>
    internal string Where(string alias = "")
    {
        static string In(IEnumerable<string> values) => "(" + (values.Any() ? string.Join(", ", values.Select(ResultStore.Literal)) : "NULL") + ")";
        var conditions = new List<string>();
        if (Statuses is not null) conditions.Add($"{alias}status IN {In(Statuses)}");
        if (Suite is not null) conditions.Add($"{alias}suite = {ResultStore.Literal(Suite)}");
        if (RunIds is not null) conditions.Add($"{alias}run_id IN {In(RunIds)}");
        return conditions.Count == 0 ? "true" : string.Join(" AND ", conditions);
    }
}
