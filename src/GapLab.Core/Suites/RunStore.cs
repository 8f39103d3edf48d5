using GapLab.Analysis;
using GapLab.Training;

namespace GapLab.Suites;

/// <summary>
/// The CSV files of a suite folder: <c>runs.csv</c> (one <see cref="RunRecord"/> per run) and <c>epochs.csv</c> (per-epoch
/// curves keyed by run id). They are exports of the folder's <see cref="GapLab.Store.ResultStore"/>, which is authoritative:
/// after each run the files are rewritten from it (<see cref="ExportFrom"/>, to a temporary file then renamed), so they hold
/// one row per run id whatever was killed or interrupted before.
/// </summary>
public sealed class RunStore
{
    public RunStore(string dir)
    {
        Directory.CreateDirectory(dir);
        RunsPath = Path.Combine(dir, "runs.csv");
        EpochsPath = Path.Combine(dir, "epochs.csv");
    }

    public string RunsPath { get; }
    public string EpochsPath { get; }

    /// <summary>One row of epochs.csv.</summary>
    public sealed record EpochRow(string RunId, string Model, int Seed, int Epoch, long Steps, double TrainLoss, double TrainAcc,
        double TestLoss, double TestAcc, double AccGap, double LossGap, double? ValLoss, double? ValAcc, double LearningRate, double WallSeconds);

    /// <summary>The epochs.csv rows of <paramref name="record"/>'s epochs.</summary>
    public static IReadOnlyList<EpochRow> EpochRows(RunRecord record, IEnumerable<EpochRecord> epochs) =>
        epochs.Select(e => new EpochRow(record.RunId, record.Model, record.Seed, e.Epoch, e.Steps, e.TrainLoss, e.TrainAccuracy,
            e.TestLoss, e.TestAccuracy, e.TrainAccuracy - e.TestAccuracy, e.TestLoss - e.TrainLoss, e.ValLoss, e.ValAccuracy, e.LearningRate, e.WallSeconds)).ToList();

    /// <summary>
    /// Rewrites runs.csv and epochs.csv from <paramref name="results"/>: its runs in the order they finished (then by id), each
    /// with its epochs, after the rows of runs only the CSV files hold (a folder written before the store existed), so nothing
    /// recorded is dropped and no run id appears twice. Each file is written to FILE.tmp and renamed over the old one.
    /// </summary>
    public void ExportFrom(GapLab.Store.ResultStore results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var runs = Table(results.Query("SELECT * EXCLUDE (session_id) FROM runs ORDER BY finished_utc, run_id"));
        var epochs = Table(results.Query(
            "SELECT e.* EXCLUDE (session_id) FROM epochs e JOIN (SELECT run_id, finished_utc FROM runs) r ON r.run_id = e.run_id ORDER BY r.finished_utc, e.run_id, e.epoch"));
        var stored = runs.Values("run_id").ToHashSet(StringComparer.Ordinal);
        Replace(RunsPath, WithLegacyRows(RunsPath, runs, stored, lastPerId: true));
        Replace(EpochsPath, WithLegacyRows(EpochsPath, epochs, stored, lastPerId: false));
    }

    static CsvTable Table(Microsoft.Data.Analysis.DataFrame frame)
    {
        using var sw = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        RecordFrame.ToCsv(frame, sw);
        return CsvTable.Parse(sw.ToString(), "result store");
    }

    /// <summary><paramref name="table"/> preceded by the rows of <paramref name="path"/> whose run id the store does not hold (by column name).</summary>
    static CsvTable WithLegacyRows(string path, CsvTable table, HashSet<string> stored, bool lastPerId)
    {
        if (!File.Exists(path) || new FileInfo(path).Length == 0) return table;
        var old = CsvTable.Read(path);
        int id = old.Column("run_id");
        var legacy = old.Rows.Where(r => !stored.Contains(r[id])).ToList();
        if (legacy.Count == 0) return table;
        if (lastPerId) legacy = legacy.GroupBy(r => r[id], StringComparer.Ordinal).Select(g => g.Last()).ToList();
        var map = table.Header.Select(h => old.Header.ToList().IndexOf(h)).ToArray();
        var rows = legacy.Select(r => map.Select(i => i < 0 ? "" : r[i]).ToArray()).Concat(table.Rows).ToList();
        return new CsvTable(table.Header, rows);
    }

    static void Replace(string path, CsvTable table)
    {
        string temp = path + ".tmp";
        using (var fs = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            using var writer = new StreamWriter(fs);
            table.Write(writer);
            writer.Flush();
            fs.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Run ids already recorded (any status but cancelled, which is retried).</summary>
    public HashSet<string> CompletedRunIds()
    {
        if (!File.Exists(RunsPath)) return new HashSet<string>();
        var table = CsvTable.Read(RunsPath);
        int id = table.Column("run_id"), status = table.Column("status");
        return table.Rows.Where(r => r[status] != "cancelled").Select(r => r[id]).ToHashSet();
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
