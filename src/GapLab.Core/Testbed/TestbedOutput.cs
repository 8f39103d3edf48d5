using System.Text.Json;
using GapLab.Analysis;
using GapLab.IO;

namespace GapLab.Testbed;

/// <summary>Paths written by <see cref="TestbedOutput.Write"/>.</summary>
public sealed record TestbedFiles(string CellsCsv, string MarginalsCsv, string TradeOffJson)
{
    /// <summary>testbed-sign-errors.csv (the SE_g table) and testbed-measures.csv (each backbone's measures), when measures were configured.</summary>
    public string? SignErrorsCsv { get; init; }
    public string? MeasuresCsv { get; init; }
}

/// <summary>
/// Writes a <see cref="TestbedResult"/>: <c>testbed-cells.csv</c> (one row per cell, <see cref="RecordFrame"/> columns, per-class vectors and the
/// confusion matrix as ';'-joined text), <c>testbed-marginals.csv</c>, <c>tradeoff.json</c> (trade-off point, configuration, provenance) and,
/// when measures were configured, <c>testbed-sign-errors.csv</c> (SE_g) and <c>testbed-measures.csv</c>.
/// </summary>
public static class TestbedOutput
{
    public const string CellsFile = "testbed-cells.csv", MarginalsFile = "testbed-marginals.csv", TradeOffFile = "tradeoff.json",
        SignErrorsFile = "testbed-sign-errors.csv", MeasuresFile = "testbed-measures.csv";

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
        if (result.BackboneMeasures.Count == 0) return files;
        files = files with { SignErrorsCsv = Path.Combine(directory, SignErrorsFile), MeasuresCsv = Path.Combine(directory, MeasuresFile) };
        using (var w = new StreamWriter(files.SignErrorsCsv)) RecordFrame.ToCsv(result.SignErrors, w);
        using (var w = new StreamWriter(files.MeasuresCsv)) RecordFrame.ToCsv(result.BackboneMeasures, w);
        return files;
    }
}
