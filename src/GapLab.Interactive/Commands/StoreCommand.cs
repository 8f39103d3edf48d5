using GapLab.Interactive.Magic;
using GapLab.Store;

namespace GapLab.Interactive.Commands;

/// <summary>
/// <c>#!gaplab store --sql "SELECT ..." [--store DIR] [--as NAME]</c>: runs one read-only SQL query (DuckDB dialect; no file
/// access outside the store, see <see cref="ResultStore.QueryReadOnly"/>) on the
/// result store <c>DIR/gaplab.duckdb</c> written by <c>gaplab run</c> (and <c>--store</c> of measure, testbed, quality) and
/// returns the result as a DataFrame. Tables: sessions, runs, epochs, measures, testbed_cells, quality.
/// </summary>
public static class StoreCommand
{
    public static MagicCommandDescriptor Descriptor { get; } = new(
        "store",
        "Queries a result store (gaplab.duckdb) with SQL; returns the result as a DataFrame.",
        [
            new("--sql", "One read-only query (SELECT/WITH/...), e.g. \"SELECT model, avg(acc_gap) FROM runs GROUP BY model\".", Required: true),
            new("--store", $"Folder holding {ResultStore.FileName} (the --out of gaplab run).", DefaultValue: "runs"),
            MagicParameterDescriptor.As("the DataFrame"),
        ]);

    public static Task<object?> HandleAsync(MagicArguments args, IMagicContext context)
    {
        var store = ResultStore.Open(args.GetRequiredString("--store"));
        return Task.FromResult<object?>(store.QueryReadOnly(args.GetRequiredString("--sql")));
    }
}
