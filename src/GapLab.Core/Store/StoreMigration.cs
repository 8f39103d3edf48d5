using System.Globalization;
using DuckDB.NET.Data;

namespace GapLab.Store;

/// <summary>
/// Additive upgrades of an older store to <see cref="StoreSchema.Version"/>: each version after 1 only adds tables
/// (<see cref="StoreSchema.AddedIn"/>), so an upgrade creates them and records the new version, in one transaction.
/// </summary>
internal static class StoreMigration
{
    /// <summary>The schema version recorded in the store open on <paramref name="connection"/> (0 when missing or unreadable).</summary>
    public static int VersionOf(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT value FROM {StoreSchema.InfoTable} WHERE key = 'schema_version'";
        try { return int.TryParse(command.ExecuteScalar() as string, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : 0; }
        catch (DuckDBException) { return 0; }
    }

    /// <summary>Upgrades the writable store on <paramref name="connection"/> when it is older than this build (from version 1 on).</summary>
    public static void Upgrade(DuckDBConnection connection)
    {
        int version = VersionOf(connection);
        if (version < 1 || version >= StoreSchema.Version) return;
        using var transaction = connection.BeginTransaction();
        for (int v = version + 1; v <= StoreSchema.Version; v++)
            foreach (var table in StoreSchema.AddedIn(v)) ResultStore.Execute(connection, table.CreateSql);
        ResultStore.Execute(connection, $"UPDATE {StoreSchema.InfoTable} SET value = $1 WHERE key = 'schema_version'",
            StoreSchema.Version.ToString(CultureInfo.InvariantCulture));
        transaction.Commit();
    }

    /// <summary>Upgrades the store file at <paramref name="path"/> when it is older than this build (opens it for writing only then).</summary>
    public static void UpgradeFile(string path)
    {
        using (var reader = StoreConnection.Open(path, readOnly: true))
        {
            int version = VersionOf(reader);
            if (version < 1 || version >= StoreSchema.Version) return;
        }
        using var writer = StoreConnection.Open(path, readOnly: false);
        Upgrade(writer);
    }
}
