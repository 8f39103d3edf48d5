using System.Text.Json;
using GapLab.Analysis;

namespace GapLab.Testbed;

/// <summary>Paths written by <see cref="TestbedOutput.Write"/>.</summary>
public sealed record TestbedFiles(string CellsCsv, string MarginalsCsv, string TradeOffJson);

/// <summary>
/// Writes a <see cref="TestbedResult"/>: <c>testbed-cells.csv</c> (one row per cell, <see cref="RecordFrame"/> columns, per-class vectors and the
/// confusion matrix as ';'-joined text), <c>testbed-marginals.csv</c>, and <c>tradeoff.json</c> (trade-off point, configuration, provenance).
/// </summary>
public static class TestbedOutput
{
    public const string CellsFile = "testbed-cells.csv", MarginalsFile = "testbed-marginals.csv", TradeOffFile = "tradeoff.json";

    public static TestbedFiles Write(TestbedResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        var files = new TestbedFiles(Path.Combine(directory, CellsFile), Path.Combine(directory, MarginalsFile), Path.Combine(directory, TradeOffFile));
        using (var w = new StreamWriter(files.CellsCsv)) RecordFrame.ToCsv(result.Cells, w);
        using (var w = new StreamWriter(files.MarginalsCsv)) RecordFrame.ToCsv(result.Marginals, w);
        // a non-finite statistic (e.g. of a backbone that diverged) is written as null rather than failing after all the work
        var json = JsonSerializer.Serialize(new { tradeoff = result.TradeOff, config = result.Config, provenance = result.Provenance },
            NonFiniteAsNullConverter.With(TestbedConfig.JsonOptions));
        File.WriteAllText(files.TradeOffJson, json + "\n");
        return files;
    }
}
