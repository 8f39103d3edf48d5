using System.Data.Common;
using DuckDB.NET.Data;

namespace GapLab.Store;

/// <summary>
/// Opens the DuckDB file of a <see cref="ResultStore"/>. DuckDB lets one process at a time hold a file, so the store opens it
/// only for each read or write and waits (up to <see cref="LockWait"/>) while another process holds it. DuckDB's own errors
/// become messages that name the file and say what to do: locked, not a DuckDB file, or written by a newer DuckDB.
/// </summary>
internal static class StoreConnection
{
    public static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);

    public static DuckDBConnection Open(string path, bool readOnly)
    {
        if (readOnly && File.Exists(path + ".wal")) ReplayLog(path);
        var deadline = DateTime.UtcNow + LockWait;
        for (int attempt = 0; ; attempt++)
        {
            var connection = new DuckDBConnection($"DataSource={path}" + (readOnly ? ";ACCESS_MODE=READ_ONLY" : ""));
            try
            {
                connection.Open();
                return connection;
            }
            catch (DbException e) when (IsLock(e) && DateTime.UtcNow < deadline)
            {
                connection.Dispose();
                Thread.Sleep(Math.Min(25 << Math.Min(attempt, 4), 400));
            }
            catch (DbException e)
            {
                connection.Dispose();
                throw Explain(path, e);
            }
            catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or NullReferenceException or EntryPointNotFoundException)
            {
                // seen when libduckdb.so is missing beside the app: DuckDB.NET fails inside Open with a bare NullReferenceException
                connection.Dispose();
                throw new InvalidOperationException(
                    $"GapLab could not open the result store {path}: DuckDB's native library did not load ({e.GetType().Name}: {e.Message}). " +
                    "Check that runtimes/<rid>/native/libduckdb.so (from DuckDB.NET.Bindings.Full) sits next to the app, " +
                    "or build with -p:GapLabDuckDbRuntime=all for other platforms.", e);
            }
        }
    }

    /// <summary>
    /// A write-ahead log left by a process killed after a commit: open the file for writing once, which replays the log into
    /// it and checkpoints on close, so that read-only connections see a plain file (DuckDB's read-only replay has had bugs).
    /// Where the file cannot be written, the read-only connection replays the log itself.
    /// </summary>
    static void ReplayLog(string path)
    {
        try
        {
            using var connection = Open(path, readOnly: false);
        }
        catch (Exception e) when (e is InvalidDataException { InnerException: DbException } or UnauthorizedAccessException)
        {
        }
    }

    static bool IsLock(DbException e) => e.Message.Contains("Could not set lock", StringComparison.OrdinalIgnoreCase);

    /// <summary>An actionable exception for a DuckDB error met while opening <paramref name="path"/>.</summary>
    static Exception Explain(string path, DbException e)
    {
        string m = e.Message;
        if (IsLock(e))
            return new IOException($"Result store '{path}' is held by another process ({Tail(m, "Conflicting lock is held in")}) and was not released within {LockWait.TotalSeconds:0} s; wait for that gaplab command to finish or stop it.", e);
        if (m.Contains("not a valid DuckDB database", StringComparison.OrdinalIgnoreCase) || m.Contains("Corrupt", StringComparison.OrdinalIgnoreCase))
            return new InvalidDataException($"'{path}' is not a readable GapLab result store (DuckDB: {FirstLine(m)}); move it away to start a new store, or restore it from a copy.", e);
        if (m.Contains("version", StringComparison.OrdinalIgnoreCase))
            return new InvalidDataException($"Result store '{path}' was written by a newer DuckDB than this GapLab's (DuckDB: {FirstLine(m)}); open it with a newer GapLab.", e);
        return new InvalidDataException($"Cannot open result store '{path}': {FirstLine(m)}", e);
    }

    static string FirstLine(string s) => s.Split('\n')[0].Trim();

    static string Tail(string message, string marker)
    {
        int i = message.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
        return i < 0 ? "lock conflict" : FirstLine(message[i..]).TrimEnd('.');
    }
}
