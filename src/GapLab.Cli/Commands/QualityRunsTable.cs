using System.Globalization;
using System.Text.Json;
using GapLab.Analysis;
using GapLab.Data;
using GapLab.Quality;
using Microsoft.Data.Analysis;
using Spectre.Console;
using GapLab.IO;

namespace GapLab.Cli.Commands;

/// <summary>Prints <c>gaplab quality --runs DIR</c>: the models ranked by QUBA with each dimension's value, z-score and contribution.</summary>
internal static class QualityRunsTable
{
    public static void Print(string fmt, IReadOnlyList<QualityReport> reports, HashSet<QualityDimension> selected, QubaWeights? userWeights,
        QualityOptions options, Dataset test, string runsDir, TextWriter stdout)
    {
        var kept = reports.Select(r => r with { Dimensions = r.Dimensions.Where(d => selected.Contains(d.Dimension)).ToList() }).ToArray();
        var ranking = QualityRanking.Rank(kept, options with { QubaWeights = userWeights });
        var frame = QualityRanking.ToDataFrame(ranking);
        var details = ranking[0].Details;
        switch (fmt)
        {
            case "csv":
                RecordFrame.ToCsv(frame, stdout);
                break;
            case "json":
                stdout.WriteLine(JsonSerializer.Serialize(new
                {
                    runs = runsDir,
                    dataset = test.Name,
                    dataset_fingerprint = test.Fingerprint,
                    samples = test.Count,
                    quba_weights = details.WeightsName,
                    quba_normalization = details.NormalizationSource,
                    models = Enumerable.Range(0, (int)frame.Rows.Count).Select(i => frame.Columns.ToDictionary(c => c.Name, c => c[i])),
                }, new JsonSerializerOptions { WriteIndented = true }));
                break;
            default:
                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout) });
                console.Profile.Width = Math.Max(console.Profile.Width, 200);
                console.MarkupLine($"[bold]{reports.Count} models[/] from {Markup.Escape(runsDir)} on {Markup.Escape(test.Name)} ({test.Count} images), ranked by QUBA");
                var dims = QualityDimensions.All.Where(d => ranking.Any(r => r.Report[d].IsAvailable)).ToArray();
                var t = new Table().Border(TableBorder.Rounded);
                t.AddColumn("rank");
                t.AddColumn("model");
                t.AddColumn(new TableColumn("QUBA").RightAligned());
                foreach (var d in dims) t.AddColumn(new TableColumn(Markup.Escape($"{d.DisplayName()}\nvalue (z, contribution)")).RightAligned());
                foreach (var r in ranking)
                {
                    var cells = new List<string> { r.Rank.ToString(CultureInfo.InvariantCulture), Markup.Escape(r.Model + (r.Report.Cancelled ? " (cancelled)" : "")), F(r.Quba) };
                    foreach (var d in dims)
                    {
                        var part = r.Details.Contributions.FirstOrDefault(c => c.Dimension == d);
                        cells.Add(part is null ? F(r.Report[d].Value) : $"{F(r.Report[d].Value)} ({F(part.ZScore)}, {F(part.Contribution)})");
                    }
                    t.AddRow(cells.ToArray());
                }
                console.Write(t);
                console.MarkupLine($"weights {Markup.Escape(details.WeightsName)}; normalisation {Markup.Escape(details.NormalizationSource)}");
                break;
        }
    }

    static string F(double? v) => v is { } d ? d.ToString("0.0000", CultureInfo.InvariantCulture) : "-";
}
