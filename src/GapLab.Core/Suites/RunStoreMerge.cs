using System.Globalization;
using GapLab.Analysis;

namespace GapLab.Suites;

/// <summary>What <see cref="RunStoreMerge.Merge"/> wrote: row counts, the duplicate rows it dropped and its warnings.</summary>
public sealed record MergeResult(IReadOnlyList<string> Stores, string RunsCsv, string EpochsCsv, int Runs, int EpochRows, int DuplicatesDropped, IReadOnlyList<string> Warnings);

/// <summary>
/// Combines the <c>runs.csv</c>/<c>epochs.csv</c> of several <see cref="RunStore"/> folders (the shards of a suite) into one
/// store, one row per run id. A finished row (any status but <c>cancelled</c>) wins over a cancelled one; of two finished
/// rows the first (in the order the stores are given, then file order) is kept, with a warning when their results differ.
/// The epochs of a run are taken from the store whose row won (the last row per epoch number, as a resumed run appends
/// after its cancelled attempt). Columns are those of the first store; every store must have them all. An existing store in
/// the output folder is merged too (last), so merging again after more shards finish loses nothing.
/// </summary>
public static class RunStoreMerge
{
    internal static readonly string[] ResultColumns = { "status", "epochs", "steps", "train_acc", "test_acc", "train_loss", "test_loss" };

    /// <summary>The store folders <c>DIR/shard-*</c> (sorted by shard number) that hold a runs.csv.</summary>
    public static IReadOnlyList<string> ShardFolders(string dir)
    {
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"Runs folder '{dir}' does not exist.");
        var found = Directory.GetDirectories(dir, "shard-*")
            .Where(d => File.Exists(Path.Combine(d, "runs.csv")))
            .OrderBy(d => ShardNumber(Path.GetFileName(d))).ThenBy(d => d, StringComparer.Ordinal).ToList();
        if (found.Count == 0) throw new DirectoryNotFoundException($"'{dir}' has no shard-*/runs.csv folders to merge (written by 'gaplab run --shard i/N --out {dir}').");
        return found;
    }

    static int ShardNumber(string name)
    {
        var parts = name.Split('-'); // shard-i-of-N
        return parts.Length >= 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int i) ? i : int.MaxValue;
    }

    public static MergeResult Merge(IReadOnlyList<string> storeDirs, string outDir)
    {
        ArgumentNullException.ThrowIfNull(storeDirs);
        if (storeDirs.Count == 0) throw new ArgumentException("Give at least one store folder (holding runs.csv) to merge.");
        var dirs = storeDirs.ToList();
        if (File.Exists(Path.Combine(outDir, "runs.csv")) && !dirs.Any(d => SamePath(d, outDir))) dirs.Add(outDir);
        var stores = new List<(string Dir, CsvTable Runs, CsvTable? Epochs)>();
        foreach (var dir in dirs)
        {
            var runsPath = Path.Combine(dir, "runs.csv");
            if (!File.Exists(runsPath)) throw new FileNotFoundException($"'{dir}' has no runs.csv; each argument must be a store folder written by 'gaplab run'.", runsPath);
            var epochsPath = Path.Combine(dir, "epochs.csv");
            stores.Add((dir, CsvTable.Read(runsPath), File.Exists(epochsPath) && new FileInfo(epochsPath).Length > 0 ? CsvTable.Read(epochsPath) : null));
        }

        var runsHeader = stores[0].Runs.Header;
        var epochsHeader = stores.Select(s => s.Epochs?.Header).FirstOrDefault(h => h is not null);
        var winners = new RunWinners<string[]>(stores.Select(st => st.Dir).ToList());
        int id = Index(runsHeader, "run_id"), status = Index(runsHeader, "status");
        var results = ResultColumns.Where(runsHeader.Contains).Select(c => Index(runsHeader, c)).ToArray();
        for (int s = 0; s < stores.Count; s++)
            foreach (var row in Align(stores[s].Runs, runsHeader, Path.Combine(stores[s].Dir, "runs.csv")))
                winners.Offer(s, row[id], row[status], results.Select(i => row[i]).ToArray(), row);
        var order = winners.Order;

        var epochRows = new List<string[]>();
        if (epochsHeader is not null)
        {
            int eid = Index(epochsHeader, "run_id"), epoch = Index(epochsHeader, "epoch");
            var perStore = stores.Select(st => st.Epochs is null ? new List<string[]>()
                : Align(st.Epochs, epochsHeader, Path.Combine(st.Dir, "epochs.csv")).ToList()).ToList();
            foreach (var runId in order)
            {
                var (s, _) = winners.Winner(runId);
                var last = new Dictionary<string, string[]>();
                var epochOrder = new List<string>();
                foreach (var row in perStore[s].Where(r => r[eid] == runId))
                {
                    if (!last.ContainsKey(row[epoch])) epochOrder.Add(row[epoch]);
                    last[row[epoch]] = row;
                }
                epochRows.AddRange(epochOrder.Select(e => last[e]));
            }
        }

        Directory.CreateDirectory(outDir);
        var runsOut = Path.Combine(outDir, "runs.csv");
        var epochsOut = Path.Combine(outDir, "epochs.csv");
        WriteAtomically(runsOut, new CsvTable(runsHeader, order.Select(r => winners.Winner(r).Row).ToList()));
        if (epochsHeader is not null) WriteAtomically(epochsOut, new CsvTable(epochsHeader, epochRows));
        return new MergeResult(dirs, runsOut, epochsOut, order.Count, epochRows.Count, winners.Dropped, winners.Warnings);
    }

    static bool SamePath(string a, string b) =>
        string.Equals(Path.GetFullPath(a).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(b).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);

    static int Index(IReadOnlyList<string> header, string column)
    {
        for (int i = 0; i < header.Count; i++) if (header[i] == column) return i;
        throw new InvalidDataException($"CSV has no column '{column}'; columns: {string.Join(", ", header)}.");
    }

    /// <summary>The rows of <paramref name="table"/> with their fields in the order of <paramref name="header"/>.</summary>
    static IEnumerable<string[]> Align(CsvTable table, IReadOnlyList<string> header, string source)
    {
        var map = header.Select(c =>
        {
            int i = table.Header.ToList().IndexOf(c);
            if (i < 0) throw new InvalidDataException($"{source} has no column '{c}' (the first store has it); merge stores written by the same gaplab version.");
            return i;
        }).ToArray();
        if (table.Header.Count != header.Count)
            throw new InvalidDataException($"{source} has {table.Header.Count} columns, the first store has {header.Count}; merge stores written by the same gaplab version.");
        return table.Rows.Select(r => map.Select(i => r[i]).ToArray());
    }

    /// <summary>Writes to a temporary file and renames it over the target, so a reader never sees half a file.</summary>
    static void WriteAtomically(string path, CsvTable table)
    {
        var tmp = path + ".tmp";
        using (var writer = new StreamWriter(tmp, append: false, new System.Text.UTF8Encoding(false)))
            table.Write(writer);
        File.Move(tmp, path, overwrite: true);
    }
}
