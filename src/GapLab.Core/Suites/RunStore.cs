using GapLab.Analysis;
using GapLab.Training;

namespace GapLab.Suites;

/// <summary>
/// The CSV result store of a suite folder: <c>runs.csv</c> (one <see cref="RunRecord"/> per run) and <c>epochs.csv</c>
/// (per-epoch curves keyed by run id). Each run is appended and flushed as soon as it ends, epochs first, right after the
/// run is committed to the folder's <see cref="GapLab.Store.ResultStore"/>, which is what a resumed run reads.
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

    public void Append(RunRecord record, IReadOnlyList<EpochRow> epochs)
    {
        AppendFrame(EpochsPath, epochs.Count == 0 ? null : RecordFrame.ToDataFrame(epochs));
        AppendFrame(RunsPath, RecordFrame.ToDataFrame(new[] { record }));
    }

    /// <summary>
    /// Appends rows read back from the result store (columns as in the CSV files), epochs first: restores runs that the store
    /// committed but the CSV files missed because the process was killed in between.
    /// </summary>
    public void Append(Microsoft.Data.Analysis.DataFrame runs, Microsoft.Data.Analysis.DataFrame epochs)
    {
        AppendFrame(EpochsPath, epochs);
        AppendFrame(RunsPath, runs);
    }

    static void AppendFrame(string path, Microsoft.Data.Analysis.DataFrame? frame)
    {
        if (frame is null || frame.Rows.Count == 0) return;
        bool exists = File.Exists(path) && new FileInfo(path).Length > 0;
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
