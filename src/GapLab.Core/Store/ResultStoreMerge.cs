using System.Globalization;
using DuckDB.NET.Data;

namespace GapLab.Store;

/// <summary>
/// What <see cref="ResultStoreMerge.Merge"/> did: the stores read, the runs the merged store holds, rows dropped, warnings, and the
/// runs.csv/epochs.csv exported from the merged store (with their row counts).
/// </summary>
public sealed record StoreMergeResult(IReadOnlyList<string> Stores, string StorePath, int Runs, int DuplicatesDropped, IReadOnlyList<string> Warnings,
    string RunsCsv, string EpochsCsv, int EpochRows);

/// <summary>
/// The one merge of GapLab (<c>gaplab merge</c>, suite shards): merges the result stores of several folders into the store of an
/// output folder, in one transaction, by the rule of <see cref="RunWinners{T}"/>: one run per run id, finished beats cancelled,
/// the first finished row is kept. A run keeps the epochs of the store its row came from. The output's own store takes part
/// last, so merging again after more shards finish loses nothing. Sessions, measures, testbed cells and quality rows are copied
/// once per session; benchmark rows by their keys (see <see cref="MergeBenchmarks"/>). A folder of an older GapLab (runs.csv,
/// no store) is imported into a store of its own first (<see cref="LegacyRunsCsvImport"/>); the output's runs.csv and
/// epochs.csv are then exported from the merged store.
/// </summary>
public static class ResultStoreMerge
{
    /// <summary>The columns of a run compared between two finished rows of the same run id (a difference is warned about).</summary>
    internal static readonly string[] ResultColumns = { "status", "epochs", "steps", "train_acc", "test_acc", "train_loss", "test_loss" };

    /// <summary>The store folders <c>DIR/shard-*</c> (sorted by shard number) that hold a result store (or an older GapLab's runs.csv).</summary>
    public static IReadOnlyList<string> ShardFolders(string dir)
    {
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"Runs folder '{dir}' does not exist.");
        var found = Directory.GetDirectories(dir, "shard-*")
            .Where(d => ResultStore.ExistsIn(d) || LegacyRunsCsvImport.HasRunsCsv(d))
            .OrderBy(d => ShardNumber(Path.GetFileName(d))).ThenBy(d => d, StringComparer.Ordinal).ToList();
        if (found.Count == 0) throw new DirectoryNotFoundException($"'{dir}' has no shard-* folders with a {ResultStore.FileName} to merge (written by 'gaplab run --shard i/N --out {dir}').");
        return found;
    }

    static int ShardNumber(string name)
    {
        var parts = name.Split('-'); // shard-i-of-N
        return parts.Length >= 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int i) ? i : int.MaxValue;
    }

    /// <summary>
    /// Merges the stores of <paramref name="storeDirs"/> (in order of precedence) into that of <paramref name="outDir"/>, whose
    /// <see cref="StoreLock"/> the caller holds (<c>gaplab merge</c> does), and exports its runs.csv/epochs.csv.
    /// <paramref name="notice"/> gets the line of each import of an older GapLab's runs.csv.
    /// </summary>
    public static StoreMergeResult Merge(IReadOnlyList<string> storeDirs, string outDir, Action<string>? notice = null)
    {
        ArgumentNullException.ThrowIfNull(storeDirs);
        if (storeDirs.Count == 0) throw new ArgumentException($"Give at least one store folder (holding {ResultStore.FileName}) to merge.");
        foreach (var dir in storeDirs.Where(d => !SamePath(d, outDir)))
            if (LegacyRunsCsvImport.Open(dir, notice) is null)
                throw new FileNotFoundException($"'{dir}' has no {ResultStore.FileName} to merge; each argument must be a store folder written by 'gaplab run'.",
                    Path.Combine(dir, ResultStore.FileName));
        LegacyRunsCsvImport.Open(outDir, notice, lockHeld: true);
        bool targetExisted = ResultStore.ExistsIn(outDir);
        var target = ResultStore.OpenOrCreate(outDir);
        var sources = storeDirs.Select(d => Path.GetFullPath(Path.Combine(d, ResultStore.FileName)))
            .Where(p => p != target.FilePath).Distinct().ToList();
        foreach (var p in sources)
        {
            if (!File.Exists(p)) throw new FileNotFoundException($"'{Path.GetDirectoryName(p)}' has no {ResultStore.FileName} to merge.", p);
            ResultStore.Open(Path.GetDirectoryName(p)!); // checks it, upgrading an older layout in place
        }

        using var connection = StoreConnection.Open(target.FilePath, readOnly: false);
        var aliases = sources.Select((_, i) => $"src{i}").ToList();
        for (int i = 0; i < sources.Count; i++)
        {
            ResultStore.Execute(connection, $"ATTACH {ResultStore.Literal(sources[i])} AS {aliases[i]} (READ_ONLY)");
            ResultStore.CheckSchema(connection, aliases[i], sources[i]);
        }
        string main = ResultStore.MainCatalog(connection);
        var catalogs = aliases.Append(main).ToList();
        var names = sources.Append(target.FilePath).ToList();

        var winners = new RunWinners<bool>(names);
        for (int s = 0; s < catalogs.Count; s++)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT run_id, status, {string.Join(", ", ResultColumns.Skip(1))} FROM {catalogs[s]}.runs ORDER BY finished_utc, run_id";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var results = Enumerable.Range(1, reader.FieldCount - 1).Select(i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? "").ToArray();
                winners.Offer(s, reader.GetString(0), reader.GetString(1), results, true);
            }
        }

        using (var transaction = connection.BeginTransaction())
        {
            ResultStore.Execute(connection, "CREATE TEMP TABLE merge_pick (run_id VARCHAR, store INTEGER)");
            foreach (var id in winners.Order)
                if (winners.Winner(id).Store is var s && s < sources.Count)
                    ResultStore.Execute(connection, "INSERT INTO merge_pick VALUES ($1, $2)", id, s);
            for (int s = 0; s < sources.Count; s++)
            {
                string picked = $"run_id IN (SELECT run_id FROM merge_pick WHERE store = {s})";
                foreach (var table in new[] { "epochs", "runs" })
                {
                    ResultStore.Execute(connection, $"DELETE FROM {main}.{table} WHERE {picked}");
                    ResultStore.Execute(connection, $"INSERT INTO {main}.{table} SELECT * FROM {aliases[s]}.{table} WHERE {picked}");
                }
                string newSession = $"session_id NOT IN (SELECT session_id FROM {main}.sessions)";
                foreach (var table in new[] { StoreSchema.Measures, StoreSchema.TestbedCells, StoreSchema.Quality })
                    ResultStore.Execute(connection, $"INSERT INTO {main}.{table.Name} SELECT * FROM {aliases[s]}.{table.Name} WHERE {newSession}");
                MergeBenchmarks(connection, main, aliases[s]);
                ResultStore.Execute(connection, $"INSERT INTO {main}.sessions SELECT * FROM {aliases[s]}.sessions WHERE {newSession}");
            }
            ResultStore.Execute(connection, "DROP TABLE merge_pick");
            transaction.Commit();
        }
        foreach (var alias in aliases) ResultStore.Execute(connection, $"DETACH {alias}");
        connection.Close();
        var csv = new RunCsvExport(outDir);
        var (_, epochRows) = csv.ExportFrom(target);
        return new StoreMergeResult(targetExisted ? names : sources, target.FilePath, winners.Order.Count, winners.Dropped, winners.Warnings,
            csv.RunsPath, csv.EpochsPath, epochRows);
    }

    static bool SamePath(string a, string b) =>
        string.Equals(Path.GetFullPath(a).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(b).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);

    /// <summary>
    /// Copies the benchmark rows of <paramref name="source"/> that <paramref name="main"/> lacks, by key rather than by session (a resumed
    /// or sharded evaluation spans sessions): benchmark versions by (benchmark, version), covered models by (benchmark, run_id), evaluation
    /// rows by (eval_id, shard) with a completed row replacing an unfinished one, predictions by unit (eval_id, run_id, test_set: each unit
    /// is written whole in one transaction), data checks and their flagged images by evaluation (written whole with its completion).
    /// </summary>
    static void MergeBenchmarks(DuckDBConnection connection, string main, string source)
    {
        string Missing(string table, string key) =>
            $"INSERT INTO {main}.{table} SELECT * FROM {source}.{table} s WHERE NOT EXISTS (SELECT 1 FROM {main}.{table} m WHERE {key})";
        ResultStore.Execute(connection, Missing("benchmarks", "m.benchmark = s.benchmark AND m.version = s.version"));
        ResultStore.Execute(connection, Missing("benchmark_models", "m.benchmark = s.benchmark AND m.run_id = s.run_id"));
        ResultStore.Execute(connection, $"DELETE FROM {main}.benchmark_evaluations m WHERE m.status <> 'completed' AND EXISTS " +
            $"(SELECT 1 FROM {source}.benchmark_evaluations s WHERE s.eval_id = m.eval_id AND s.shard = m.shard AND s.status = 'completed')");
        ResultStore.Execute(connection, Missing("benchmark_evaluations", "m.eval_id = s.eval_id AND m.shard = s.shard"));
        ResultStore.Execute(connection, Missing("benchmark_predictions", "m.eval_id = s.eval_id AND m.run_id = s.run_id AND m.test_set = s.test_set"));
        ResultStore.Execute(connection, Missing("benchmark_data_checks", "m.eval_id = s.eval_id"));
        ResultStore.Execute(connection, Missing("benchmark_flagged_images", "m.eval_id = s.eval_id"));
    }
}
