using System.Data.Common;
using System.Globalization;
using DuckDB.NET.Data;
using GapLab.Testbed;
using Microsoft.Data.Analysis;
using GapLab.IO;

namespace GapLab.Store;

/// <summary>
/// The result store of a project folder: one embedded DuckDB file, <c>gaplab.duckdb</c>, holding the tables of
/// <see cref="StoreSchema"/> (sessions, runs, epochs, measures, testbed_cells, quality). Every write is one transaction (a run
/// with its epochs; a command's rows with its session), so a killed process leaves all of it or nothing. The file is opened
/// only for each read or write, so queries can run while a suite is training; a writer waits while a reader holds it.
/// </summary>
public sealed class ResultStore
{
    public const string FileName = "gaplab.duckdb";

    ResultStore(string folder)
    {
        Folder = folder;
        FilePath = Path.GetFullPath(Path.Combine(folder, FileName));
    }

    public string Folder { get; }
    public string FilePath { get; }

    /// <summary>True when <paramref name="folder"/> holds a store file.</summary>
    public static bool ExistsIn(string folder) => File.Exists(Path.Combine(folder, FileName));

    /// <summary>Opens the store in <paramref name="folder"/> for writing, creating the folder, the file and its tables when absent.</summary>
    public static ResultStore OpenOrCreate(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Directory.CreateDirectory(folder);
        var store = new ResultStore(folder);
        using var connection = StoreConnection.Open(store.FilePath, readOnly: false);
        if (!HasTable(connection, StoreSchema.InfoTable, MainCatalog(connection))) CreateSchema(connection, LegacyRunsCsvImport.HasRunsCsv(folder));
        CheckSchema(connection, MainCatalog(connection), store.FilePath, upgrade: true);
        return store;
    }

    /// <summary>Opens the existing store in <paramref name="folder"/> (read access is enough); fails when there is none.</summary>
    public static ResultStore Open(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var store = new ResultStore(folder);
        if (!File.Exists(store.FilePath))
            throw new FileNotFoundException($"No result store in '{folder}' (no {FileName}); 'gaplab run --out {folder}' creates one, as do --store {folder} on measure, testbed and quality.", store.FilePath);
        try
        {
            using var connection = StoreConnection.Open(store.FilePath, readOnly: true);
            CheckSchema(connection, MainCatalog(connection), store.FilePath);
        }
        catch (StoreUpgradeNeededException)
        {
            // an older layout: upgrade it in place once (columns and tables are only ever added), then read it
            using (var writer = StoreConnection.Open(store.FilePath, readOnly: false))
                CheckSchema(writer, MainCatalog(writer), store.FilePath, upgrade: true);
            using var connection = StoreConnection.Open(store.FilePath, readOnly: true);
            CheckSchema(connection, MainCatalog(connection), store.FilePath);
        }
        return store;
    }

    /// <summary>Records the start of <paramref name="session"/>.</summary>
    public void BeginSession(StoreSession session) => Write(c => Insert(c, StoreSchema.Sessions, new[] { session }, null));

    /// <summary>Records when session <paramref name="sessionId"/> ended.</summary>
    public void EndSession(string sessionId, DateTime finishedUtc) => Write(c =>
        Execute(c, "UPDATE sessions SET finished_utc = $1 WHERE session_id = $2", finishedUtc, sessionId));

    /// <summary>
    /// Writes one run and its epochs in one transaction, replacing any earlier row of the same run id (a cancelled attempt,
    /// or a run retrained with --fresh).
    /// </summary>
    public void WriteRun(string sessionId, RunRecord run, IReadOnlyList<EpochRow> epochs)
    {
        ArgumentNullException.ThrowIfNull(run);
        Write(c =>
        {
            Execute(c, "DELETE FROM epochs WHERE run_id = $1", run.RunId);
            Execute(c, "DELETE FROM runs WHERE run_id = $1", run.RunId);
            Insert(c, StoreSchema.Runs, new[] { run }, sessionId);
            Insert(c, StoreSchema.Epochs, epochs, sessionId);
        });
    }

    /// <summary>Writes a finished session and its measures in one transaction.</summary>
    public void Append(StoreSession session, IReadOnlyList<MeasureRow> measures) => WriteSession(session, StoreSchema.Measures, measures);

    /// <summary>Writes a finished session and its quality rows in one transaction.</summary>
    public void Append(StoreSession session, IReadOnlyList<QualityRow> quality) => WriteSession(session, StoreSchema.Quality, quality);

    /// <summary>Writes a finished session and its testbed cells in one transaction.</summary>
    public void Append(StoreSession session, IReadOnlyList<TestbedCell> cells) => WriteSession(session, StoreSchema.TestbedCells, cells);

    void WriteSession<T>(StoreSession session, StoreTable table, IReadOnlyList<T> rows)
    {
        ArgumentNullException.ThrowIfNull(session);
        using var writer = StoreLock.Acquire(Folder, session.Command);
        Write(c =>
        {
            Insert(c, StoreSchema.Sessions, new[] { session.FinishedUtc is null ? session with { FinishedUtc = DateTime.UtcNow } : session }, null);
            Insert(c, table, rows, session.SessionId);
        });
    }

    /// <summary>
    /// The runs the store holds (one per run id) that pass <paramref name="filter"/>, typed, in the order they finished (then by
    /// id): the order of runs.csv. NaN metrics, null optional fields and provenance come back as written.
    /// </summary>
    public IReadOnlyList<RunRecord> Runs(RunFilter? filter = null) => RecordReader.Read<RunRecord>(Query(RunsSql(filter)), FilePath);

    /// <summary>The epochs of the runs that pass <paramref name="filter"/>, typed, in the order of epochs.csv (runs as in <see cref="Runs"/>, then by epoch).</summary>
    public IReadOnlyList<EpochRow> Epochs(RunFilter? filter = null) => RecordReader.Read<EpochRow>(Query(EpochsSql(filter)), FilePath);

    /// <summary>The query of <see cref="Runs"/>: the columns of runs.csv, in its order.</summary>
    internal static string RunsSql(RunFilter? filter) =>
        $"SELECT * EXCLUDE (session_id) FROM runs WHERE {(filter ?? new RunFilter()).Where()} ORDER BY finished_utc, run_id";

    /// <summary>The query of <see cref="Epochs"/>: the columns of epochs.csv, in its order.</summary>
    internal static string EpochsSql(RunFilter? filter) =>
        "SELECT e.* EXCLUDE (session_id) FROM epochs e JOIN (SELECT run_id, finished_utc FROM runs r WHERE " + (filter ?? new RunFilter()).Where("r.") +
        ") r ON r.run_id = e.run_id ORDER BY r.finished_utc, e.run_id, e.epoch";

    /// <summary>A value of the store's key/value table (<see cref="StoreSchema.InfoTable"/>), null when the key is absent.</summary>
    internal string? Info(string key)
    {
        var frame = Query($"SELECT value FROM {StoreSchema.InfoTable} WHERE key = $1", key);
        return frame.Rows.Count == 0 ? null : (string?)frame.Columns[0][0];
    }

    /// <summary>Sets <paramref name="key"/> of the key/value table to <paramref name="value"/> (inside a write's transaction).</summary>
    internal static void SetInfo(DuckDBConnection connection, string key, string value)
    {
        Execute(connection, $"DELETE FROM {StoreSchema.InfoTable} WHERE key = $1", key);
        Execute(connection, $"INSERT INTO {StoreSchema.InfoTable} VALUES ($1, $2)", key, value);
    }

    /// <summary>Run ids stored with any status but <c>cancelled</c> (a cancelled run is retried on resume).</summary>
    public HashSet<string> CompletedRunIds() =>
        Query("SELECT run_id FROM runs WHERE status <> 'cancelled'").Columns["run_id"].Cast<string>().ToHashSet(StringComparer.Ordinal);

    /// <summary>Runs one SQL statement on a read-only connection and returns its result (see <see cref="StoreFrame"/> for the column types).</summary>
    public DataFrame Query(string sql, params object?[] parameters)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        using var connection = StoreConnection.Open(FilePath, readOnly: true);
        using var command = Command(connection, sql, parameters);
        try
        {
            using var reader = command.ExecuteReader();
            return StoreFrame.Read(reader);
        }
        catch (DbException e)
        {
            throw QueryFailed(e);
        }
    }

    /// <summary>
    /// Runs a user's query (the CLI's <c>store sql</c>, the notebook's <c>#!gaplab store --sql</c>): exactly one read-only
    /// statement (<see cref="ReadOnlyQuery"/>), on a read-only connection with DuckDB's external access disabled and its
    /// configuration locked, so the query can neither write nor read any file but the store (COPY, read_csv, ATTACH fail).
    /// </summary>
    /// <exception cref="ArgumentException">Not one read-only statement, or DuckDB refused it; one line.</exception>
    public DataFrame QueryReadOnly(string sql)
    {
        string statement = ReadOnlyQuery.Check(sql);
        using var connection = StoreConnection.Open(FilePath, readOnly: true);
        Execute(connection, "SET enable_external_access = false");
        Execute(connection, "SET lock_configuration = true");
        using var command = Command(connection, statement, []);
        try
        {
            using var reader = command.ExecuteReader();
            return StoreFrame.Read(reader);
        }
        catch (DbException e)
        {
            throw QueryFailed(e);
        }
    }

    ArgumentException QueryFailed(DbException e) =>
        new($"SQL failed on '{FilePath}': {e.Message.Split('\n')[0].Trim().TrimEnd('.', '!')}. Tables: {string.Join(", ", StoreSchema.Tables.Select(t => t.Name))}.", e);

    /// <summary>Writes every table to <paramref name="folder"/> as TABLE.csv or TABLE.parquet (DuckDB COPY); returns the files.</summary>
    public IReadOnlyList<string> Export(string folder, ExportFormat format)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Directory.CreateDirectory(folder);
        using var connection = StoreConnection.Open(FilePath, readOnly: true);
        var files = new List<string>();
        foreach (var table in StoreSchema.Tables)
        {
            var file = Path.GetFullPath(Path.Combine(folder, table.Name + (format == ExportFormat.Csv ? ".csv" : ".parquet")));
            string options = format == ExportFormat.Csv ? "FORMAT csv, HEADER true" : "FORMAT parquet";
            Execute(connection, $"COPY {table.Name} TO {Literal(file)} ({options})");
            files.Add(file);
        }
        return files;
    }

    // ---- writing

    internal void Write(Action<DuckDBConnection> body)
    {
        using var connection = StoreConnection.Open(FilePath, readOnly: false);
        using var transaction = connection.BeginTransaction();
        body(connection);
        transaction.Commit();
    }

    internal static void Insert<T>(DuckDBConnection connection, StoreTable table, IReadOnlyList<T> records, string? sessionId)
    {
        if (records.Count == 0) return;
        var frame = RecordFrame.ToDataFrame(records);
        int offset = sessionId is null ? 0 : 1;
        using var command = connection.CreateCommand();
        command.CommandText = table.InsertSql;
        for (int i = 0; i < table.Columns.Count; i++) command.Parameters.Add(new DuckDBParameter());
        for (long r = 0; r < frame.Rows.Count; r++)
        {
            if (sessionId is not null) command.Parameters[0].Value = sessionId;
            for (int c = 0; c < frame.Columns.Count; c++) command.Parameters[c + offset].Value = frame.Columns[c][r] ?? DBNull.Value;
            command.ExecuteNonQuery();
        }
    }

    internal static void Execute(DuckDBConnection connection, string sql, params object?[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        command.ExecuteNonQuery();
    }

    static DuckDBCommand Command(DuckDBConnection connection, string sql, object?[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var p in parameters) command.Parameters.Add(new DuckDBParameter(p ?? DBNull.Value));
        return command;
    }

    /// <summary>A SQL string literal.</summary>
    public static string Literal(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";

    // ---- schema

    /// <summary>Creates the tables; a folder with no runs.csv of an older GapLab to import is marked as having none (<see cref="LegacyRunsCsvImport"/>).</summary>
    static void CreateSchema(DuckDBConnection connection, bool legacyCsv)
    {
        using var transaction = connection.BeginTransaction();
        Execute(connection, $"CREATE TABLE {StoreSchema.InfoTable} (key VARCHAR, value VARCHAR)");
        foreach (var table in StoreSchema.Tables) Execute(connection, table.CreateSql);
        Execute(connection, $"INSERT INTO {StoreSchema.InfoTable} VALUES ('schema_version', $1), ('created_by', $2), ('created_utc', $3)",
            StoreSchema.Version.ToString(CultureInfo.InvariantCulture), "GapLab " + Runtime.TorchEnvironment.GapLabVersion(),
            DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture));
        if (!legacyCsv) SetInfo(connection, LegacyRunsCsvImport.InfoKey, "none");
        transaction.Commit();
    }

    /// <summary>The catalog name of the opened file (DuckDB names it after the file: "gaplab").</summary>
    internal static string MainCatalog(DuckDBConnection connection)
    {
        using var command = Command(connection, "SELECT current_database()", []);
        return (string)command.ExecuteScalar()!;
    }

    static bool HasTable(DuckDBConnection connection, string table, string catalog)
    {
        using var command = Command(connection, "SELECT count(*) FROM information_schema.tables WHERE table_catalog = $1 AND table_schema = 'main' AND table_name = $2",
            [catalog, table]);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>
    /// Fails with a clear message unless the store in <paramref name="catalog"/> has this build's schema version and tables. An
    /// older version is upgraded in place when <paramref name="upgrade"/> (missing tables created, missing trailing columns added
    /// as NULL), else <see cref="StoreUpgradeNeededException"/> is thrown.
    /// </summary>
    internal static void CheckSchema(DuckDBConnection connection, string catalog, string path, bool upgrade = false)
    {
        if (!HasTable(connection, StoreSchema.InfoTable, catalog))
            throw new InvalidDataException($"'{path}' is a DuckDB file but not a GapLab result store (no {StoreSchema.InfoTable} table); give another folder.");
        using var command = Command(connection, $"SELECT value FROM \"{catalog}\".{StoreSchema.InfoTable} WHERE key = 'schema_version'", []);
        var text = command.ExecuteScalar() as string;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int version))
            throw new InvalidDataException($"Result store '{path}' has no valid schema_version (found '{text}'); it is damaged or not written by GapLab.");
        if (version > StoreSchema.Version)
            throw new InvalidDataException($"Result store '{path}' has schema version {version}, newer than this GapLab's {StoreSchema.Version}; upgrade GapLab to read or write it.");
        if (version < StoreSchema.Version)
        {
            if (!upgrade) throw new StoreUpgradeNeededException(path, version);
            Upgrade(connection, catalog, path, version);
        }
        foreach (var table in StoreSchema.Tables)
        {
            var found = ColumnsOf(connection, catalog, table.Name);
            var expected = table.Columns.Select(c => c.Name).ToList();
            if (!found.SequenceEqual(expected, StringComparer.Ordinal))
                throw new InvalidDataException($"Table '{table.Name}' of result store '{path}' has columns ({string.Join(", ", found)}), not the ({string.Join(", ", expected)}) of schema version {StoreSchema.Version}; it was written by a different GapLab build.");
        }
    }

    /// <summary>
    /// Brings a store of an older schema version to <see cref="StoreSchema.Version"/> in one transaction: every version so far
    /// only added tables and trailing columns, so missing tables are created and missing columns appended (NULL in old rows).
    /// </summary>
    static void Upgrade(DuckDBConnection connection, string catalog, string path, int version)
    {
        using var transaction = connection.BeginTransaction();
        foreach (var table in StoreSchema.Tables)
        {
            var found = ColumnsOf(connection, catalog, table.Name);
            if (found.Count == 0)
            {
                Execute(connection, table.CreateSql);
                continue;
            }
            var expected = table.Columns.Select(c => c.Name).ToList();
            if (found.Count > expected.Count || !found.SequenceEqual(expected.Take(found.Count), StringComparer.Ordinal))
                throw new InvalidDataException($"Table '{table.Name}' of result store '{path}' (schema version {version}) has columns ({string.Join(", ", found)}) that GapLab cannot upgrade to ({string.Join(", ", expected)}); export it with the GapLab that wrote it.");
            foreach (var column in table.Columns.Skip(found.Count))
                Execute(connection, $"ALTER TABLE {table.Name} ADD COLUMN {column.Name} {column.SqlType}");
        }
        Execute(connection, $"UPDATE {StoreSchema.InfoTable} SET value = $1 WHERE key = 'schema_version'", StoreSchema.Version.ToString(CultureInfo.InvariantCulture));
        transaction.Commit();
    }

    static List<string> ColumnsOf(DuckDBConnection connection, string catalog, string table)
    {
        using var columns = Command(connection,
            "SELECT column_name FROM information_schema.columns WHERE table_catalog = $1 AND table_schema = 'main' AND table_name = $2 ORDER BY ordinal_position",
            [catalog, table]);
        using var reader = columns.ExecuteReader();
        var found = new List<string>();
        while (reader.Read()) found.Add(reader.GetString(0));
        return found;
    }
}

/// <summary>A store of an older schema version was opened read-only; <see cref="ResultStore.Open"/> upgrades it and retries.</summary>
internal sealed class StoreUpgradeNeededException(string path, int version)
    : IOException($"Result store '{path}' has schema version {version}, older than this GapLab's {StoreSchema.Version}; open it for writing once (any writing gaplab command) to upgrade it.");
