using GapLab.Training;
using GapLab.IO;

namespace GapLab.Store;

/// <summary>
/// The CSV files of a suite folder: <c>runs.csv</c> (one <see cref="RunRecord"/> per run) and <c>epochs.csv</c> (per-epoch
/// curves keyed by run id). They are exports of the folder's <see cref="GapLab.Store.ResultStore"/>, which is authoritative:
/// after each run the files are rewritten from it (<see cref="ExportFrom"/>, to a temporary file then renamed), so they hold
/// one row per run id whatever was killed or interrupted before. Nothing reads them back (but <see cref="LegacyRunsCsvImport"/>, once,
/// for a folder of an older GapLab).
/// </summary>
public sealed class RunCsvExport
{
    public RunCsvExport(string dir)
    {
        Directory.CreateDirectory(dir);
        RunsPath = Path.Combine(dir, LegacyRunsCsvImport.RunsFile);
        EpochsPath = Path.Combine(dir, LegacyRunsCsvImport.EpochsFile);
    }

    public string RunsPath { get; }
    public string EpochsPath { get; }


    /// <summary>The epochs.csv rows of <paramref name="record"/>'s epochs.</summary>
    public static IReadOnlyList<EpochRow> EpochRows(RunRecord record, IEnumerable<EpochRecord> epochs) =>
        epochs.Select(e => new EpochRow(record.RunId, record.Model, record.Seed, e.Epoch, e.Steps, e.TrainLoss, e.TrainAccuracy,
            e.TestLoss, e.TestAccuracy, e.TrainAccuracy - e.TestAccuracy, e.TestLoss - e.TrainLoss, e.ValLoss, e.ValAccuracy, e.LearningRate, e.WallSeconds)).ToList();

    /// <summary>
    /// Rewrites runs.csv and epochs.csv from <paramref name="results"/>: its runs in the order they finished (then by id), each
    /// with its epochs (the runs of an older GapLab's runs.csv are in the store once <see cref="LegacyRunsCsvImport"/> has run).
    /// Each file is written to FILE.tmp and renamed over the old one, so a reader never sees half a file. Returns the row counts.
    /// </summary>
    public (int Runs, int EpochRows) ExportFrom(GapLab.Store.ResultStore results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var runs = results.Query(GapLab.Store.ResultStore.RunsSql(null));
        var epochs = results.Query(GapLab.Store.ResultStore.EpochsSql(null));
        Replace(RunsPath, runs);
        Replace(EpochsPath, epochs);
        return ((int)runs.Rows.Count, (int)epochs.Rows.Count);
    }

    static void Replace(string path, Microsoft.Data.Analysis.DataFrame frame)
    {
        string temp = path + ".tmp";
        using (var fs = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            using var writer = new StreamWriter(fs);
            RecordFrame.ToCsv(frame, writer);
            writer.Flush();
            fs.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>A run id made safe as a file name.</summary>
    public static string FileSafe(string runId)
    {
        var chars = runId.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '=' ? c : '_').ToArray();
        var s = new string(chars);
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(runId)))[..8].ToLowerInvariant();
        return (s.Length > 80 ? s[..80] : s) + "-" + hash;
    }
}
