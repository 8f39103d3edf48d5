using GapLab.Analysis;
using GapLab.Training;

namespace GapLab.Suites;

/// <summary>
/// The CSV result store of a suite folder: <c>runs.csv</c> (one <see cref="RunRecord"/> per run) and <c>epochs.csv</c>
/// (per-epoch curves keyed by run id). Each run is appended and flushed as soon as it ends, epochs first, so a killed
/// process loses nothing that completed and a rerun skips the ids already present.
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

    public void Append(RunRecord record, IEnumerable<EpochRecord> epochs)
    {
        var rows = epochs.Select(e => new EpochRow(record.RunId, record.Model, record.Seed, e.Epoch, e.Steps, e.TrainLoss, e.TrainAccuracy,
            e.TestLoss, e.TestAccuracy, e.TrainAccuracy - e.TestAccuracy, e.TestLoss - e.TrainLoss, e.ValLoss, e.ValAccuracy, e.LearningRate, e.WallSeconds));
        AppendRows(EpochsPath, rows.ToList());
        AppendRows(RunsPath, new[] { record });
    }

    static void AppendRows<T>(string path, IReadOnlyList<T> rows)
    {
        if (rows.Count == 0) return;
        bool exists = File.Exists(path) && new FileInfo(path).Length > 0;
        var frame = RecordFrame.ToDataFrame(rows);
        using var sw = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        RecordFrame.ToCsv(frame, sw, includeHeader: !exists);
        using var fs = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        using var writer = new StreamWriter(fs);
        writer.Write(sw.ToString());
        writer.Flush();
        fs.Flush(flushToDisk: true);
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
