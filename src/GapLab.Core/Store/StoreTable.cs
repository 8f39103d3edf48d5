using Microsoft.Data.Analysis;
using GapLab.IO;

namespace GapLab.Store;

/// <summary>
/// A table of the result store: its name and columns, which are those <see cref="RecordFrame"/> gives the record type (the
/// same as the CSV files), preceded by <c>session_id</c> (the <c>sessions</c> row that wrote it) except in <c>sessions</c>.
/// </summary>
public sealed record StoreTable(string Name, IReadOnlyList<StoreColumn> Columns)
{
    public const string SessionColumn = "session_id";

    /// <summary>The table of records of type <typeparamref name="T"/>.</summary>
    public static StoreTable Of<T>(string name, bool sessionColumn)
    {
        var columns = RecordFrame.ToDataFrame(Array.Empty<T>()).Columns.Select(c => new StoreColumn(c.Name, SqlType(c.DataType)));
        return new StoreTable(name, (sessionColumn ? columns.Prepend(new StoreColumn(SessionColumn, "VARCHAR")) : columns).ToList());
    }

    public string CreateSql => $"CREATE TABLE {Name} ({string.Join(", ", Columns.Select(c => $"{c.Name} {c.SqlType}"))})";

    public string InsertSql => $"INSERT INTO {Name} ({string.Join(", ", Columns.Select(c => c.Name))}) VALUES ({string.Join(", ", Columns.Select((_, i) => $"${i + 1}"))})";

    static string SqlType(Type t) =>
        t == typeof(double) ? "DOUBLE" : t == typeof(float) ? "FLOAT" : t == typeof(int) ? "INTEGER" : t == typeof(long) ? "BIGINT"
        : t == typeof(bool) ? "BOOLEAN" : t == typeof(DateTime) ? "TIMESTAMP" : "VARCHAR";
}

/// <summary>A column of a <see cref="StoreTable"/>: snake_case name and DuckDB type.</summary>
public sealed record StoreColumn(string Name, string SqlType);
