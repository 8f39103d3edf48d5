using System.Runtime.InteropServices;
using GapLab.Store;
using GapLab.IO;

namespace GapLab.Store;

/// <summary>
/// The only reader of <c>runs.csv</c>/<c>epochs.csv</c>: a folder written by an older GapLab (runs.csv with no
/// <c>gaplab.duckdb</c>, or a store whose runs.csv still holds runs from before the store existed) has those runs imported into
/// its result store once, with a one-line notice; from then on every reader (correlate, quality --runs, merge, a resumed run)
/// reads typed runs from the store and the CSV files are only its export. The store records that the import was done (key
/// <see cref="InfoKey"/> of its <c>gaplab_store</c> table), so the files are never read again; a store created where there was
/// no runs.csv is marked at creation.
/// </summary>
public static class LegacyRunsCsvImport
{
    public const string RunsFile = "runs.csv";
    public const string EpochsFile = "epochs.csv";
    /// <summary>The <c>gaplab_store</c> key set once runs.csv needs no import (value: <c>none</c>, or when and how many runs were imported).</summary>
    public const string InfoKey = "runs_csv_import";

    /// <summary>Columns a legacy runs.csv must have to be imported; any other missing column is empty (null, "", NaN or 0).</summary>
    static readonly string[] RequiredRunColumns = ["run_id", "status"];
    static readonly string[] RequiredEpochColumns = ["run_id", "epoch"];

    /// <summary>True when <paramref name="folder"/> holds a non-empty runs.csv.</summary>
    public static bool HasRunsCsv(string folder)
    {
        var path = Path.Combine(folder, RunsFile);
        return File.Exists(path) && new FileInfo(path).Length > 0;
    }

    /// <summary>
    /// The result store of <paramref name="folder"/>, after importing its legacy runs.csv when that was never done; null when the
    /// folder has neither. <paramref name="notice"/> gets one line when runs are imported. <paramref name="lockHeld"/>: the caller
    /// already holds the folder's <see cref="StoreLock"/> (else it is taken for the import).
    /// </summary>
    public static ResultStore? Open(string folder, Action<string>? notice = null, bool lockHeld = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        bool csv = HasRunsCsv(folder);
        if (!ResultStore.ExistsIn(folder) && !csv) return null;
        var store = ResultStore.ExistsIn(folder) ? ResultStore.Open(folder) : null;
        if (!csv || store?.Info(InfoKey) is not null) return store;
        using (lockHeld ? null : StoreLock.Acquire(folder, "import " + RunsFile))
        {
            store ??= ResultStore.OpenOrCreate(folder);
            if (store.Info(InfoKey) is not null) return store; // another process imported it meanwhile
            int imported = Import(store, folder);
            if (imported > 0)
                notice?.Invoke($"imported {imported} run(s) from {Path.Combine(folder, RunsFile)} (written by an older GapLab) into {store.FilePath}; runs.csv is now exported from the store.");
        }
        return store;
    }

    /// <summary>Like <see cref="Open"/>, but a folder with no runs fails with one actionable line.</summary>
    public static ResultStore OpenRequired(string folder, Action<string>? notice = null) =>
        Open(folder, notice) ?? throw new FileNotFoundException(
            $"No runs in '{folder}' (no {ResultStore.FileName} or {RunsFile}): run 'gaplab run --out {folder}' first.", Path.Combine(folder, ResultStore.FileName));

    /// <summary>The runs of a legacy runs.csv file, typed (the last row of each run id).</summary>
    public static IReadOnlyList<RunRecord> ReadRuns(string runsCsv) =>
        RecordReader.Read<RunRecord>(CsvTable.Read(runsCsv), runsCsv, RequiredRunColumns)
            .GroupBy(r => r.RunId, StringComparer.Ordinal).Select(g => g.Last()).ToList();

    /// <summary>Imports the runs of runs.csv the store lacks (with their epochs from epochs.csv) and marks the import done, in one transaction.</summary>
    static int Import(ResultStore store, string folder)
    {
        var runsCsv = Path.Combine(folder, RunsFile);
        IReadOnlyList<RunRecord> runs;
        try
        {
            runs = ReadRuns(runsCsv);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{runsCsv} (written by an older GapLab) cannot be imported into {ResultStore.FileName}: {e.Message.TrimEnd('.')}; repair it, or delete it if the store already holds every run.", e);
        }
        var held = store.Runs().Select(r => r.RunId).ToHashSet(StringComparer.Ordinal);
        var missing = runs.Where(r => !held.Contains(r.RunId)).ToList();
        var ids = missing.Select(r => r.RunId).ToHashSet(StringComparer.Ordinal);
        var epochs = ReadEpochs(Path.Combine(folder, EpochsFile), ids);
        var now = DateTime.UtcNow;
        var session = new StoreSession
        {
            SessionId = Guid.NewGuid().ToString("N"), Command = "import", CommandLine = $"import of {runsCsv}",
            GaplabVersion = Runtime.TorchEnvironment.GapLabVersion(), GitCommit = Runtime.TorchEnvironment.GapLabCommit(),
            TorchsharpVersion = missing.FirstOrDefault()?.TorchsharpVersion ?? "", LibtorchVersion = missing.FirstOrDefault()?.LibtorchVersion ?? "",
            DotnetVersion = Environment.Version.ToString(), Os = RuntimeInformation.OSDescription, ProcessorCount = Environment.ProcessorCount,
            RequestedDevice = "", Device = missing.FirstOrDefault()?.Device ?? "", Threads = missing.FirstOrDefault()?.Threads ?? 0, Seeds = "",
            Datasets = string.Join(";", missing.Select(r => $"{r.Dataset}:{r.DatasetFingerprint}").Distinct()), StartedUtc = now, FinishedUtc = now,
        };
        store.Write(c =>
        {
            if (missing.Count > 0)
            {
                ResultStore.Insert(c, StoreSchema.Sessions, new[] { session }, null);
                ResultStore.Insert(c, StoreSchema.Runs, missing, session.SessionId);
                ResultStore.Insert(c, StoreSchema.Epochs, epochs, session.SessionId);
            }
            ResultStore.SetInfo(c, InfoKey, missing.Count == 0 ? "none" : $"{missing.Count} run(s) at {now:o}");
        });
        return missing.Count;
    }

    /// <summary>The epochs.csv rows of <paramref name="ids"/>, the last row per (run, epoch) (a resumed run appended after its cancelled attempt).</summary>
    static IReadOnlyList<EpochRow> ReadEpochs(string epochsCsv, HashSet<string> ids)
    {
        if (ids.Count == 0 || !File.Exists(epochsCsv) || new FileInfo(epochsCsv).Length == 0) return [];
        return RecordReader.Read<EpochRow>(CsvTable.Read(epochsCsv), epochsCsv, RequiredEpochColumns)
            .Where(e => ids.Contains(e.RunId))
            .GroupBy(e => (e.RunId, e.Epoch)).Select(g => g.Last()).ToList();
    }
}
