using GapLab.Analysis;
using Microsoft.Data.Analysis;
using GapLab.IO;

namespace GapLab.Quality;

/// <summary>One model's place in a QUBA ranking: its score, each weighted dimension's contribution, and the report behind it.</summary>
public sealed record QualityRankingRow(int Rank, string Model, double Quba, QubaResult Details, QualityReport Report);

/// <summary>
/// Ranks a population of <see cref="QualityReport"/>s by QUBA (highest first) and shows it as a DataFrame with each dimension's value,
/// z-score and contribution. With population normalisation and default weights, dimensions that some model lacks or on which every model
/// ties (e.g. parameter counts that all round to 0.0 M) get weight 0, named in the weights' name, because they cannot be z-scored.
/// </summary>
public static class QualityRanking
{
    public static IReadOnlyList<QualityRankingRow> Rank(IReadOnlyList<QualityReport> reports, QualityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reports);
        if (reports.Count == 0) throw new ArgumentException("a ranking needs at least one quality report.", nameof(reports));
        var dup = reports.GroupBy(r => r.ModelName).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new ArgumentException($"model name '{dup.Key}' appears {dup.Count()} times; give every report its own name.", nameof(reports));
        options ??= new QualityOptions();
        if (options.QubaWeights is null)
            options = options with { QubaWeights = DefaultWeights(reports, options.QubaNormalization) };
        var quba = QualityEvaluator.Quba(reports, options);
        return reports.Select((r, i) => (Report: r, Quba: quba[i]))
            .OrderByDescending(x => x.Quba.Score).ThenBy(x => x.Report.ModelName, StringComparer.Ordinal)
            .Select((x, i) => new QualityRankingRow(i + 1, x.Report.ModelName, x.Quba.Score, x.Quba, x.Report))
            .ToArray();
    }

    /// <summary>
    /// The ranking as a DataFrame: rank, model, quba, then for every dimension measured by some model its value (snake_case name),
    /// &lt;name&gt;_z and &lt;name&gt;_contribution (null where the dimension carries no weight), then cancelled.
    /// </summary>
    public static DataFrame ToDataFrame(IReadOnlyList<QualityReport> reports, QualityOptions? options = null) => ToDataFrame(Rank(reports, options));

    public static DataFrame ToDataFrame(IReadOnlyList<QualityRankingRow> ranking)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        var columns = new List<DataFrameColumn>
        {
            new PrimitiveDataFrameColumn<int>("rank", ranking.Select(r => r.Rank)),
            new StringDataFrameColumn("model", ranking.Select(r => r.Model)),
            new PrimitiveDataFrameColumn<double>("quba", ranking.Select(r => r.Quba)),
        };
        foreach (var d in QualityDimensions.All.Where(d => ranking.Any(r => r.Report[d].IsAvailable)))
        {
            string name = RecordFrame.ToSnakeCase(d.ToString());
            QubaContribution? Part(QualityRankingRow r) => r.Details.Contributions.FirstOrDefault(c => c.Dimension == d);
            columns.Add(new PrimitiveDataFrameColumn<double>(name, ranking.Select(r => r.Report[d].Value)));
            columns.Add(new PrimitiveDataFrameColumn<double>(name + "_z", ranking.Select(r => Part(r)?.ZScore)));
            columns.Add(new PrimitiveDataFrameColumn<double>(name + "_contribution", ranking.Select(r => Part(r)?.Contribution)));
        }
        columns.Add(new PrimitiveDataFrameColumn<bool>("cancelled", ranking.Select(r => r.Report.Cancelled)));
        return new DataFrame(columns);
    }

    /// <summary>The paper's weights restricted to dimensions every model has; with population normalisation also to dimensions with spread.</summary>
    public static QubaWeights DefaultWeights(IReadOnlyList<QualityReport> reports, QubaNormalizationMode normalization)
    {
        var values = reports.Select(r => r.MeasuredValues).ToArray();
        var weights = QualityEvaluator.RestrictToMeasured(QubaWeights.Default, values);
        if (normalization != QubaNormalizationMode.Population) return weights;
        var tied = QualityDimensions.All.Where(d => weights[d] != 0 && values.Select(v => v[d]).Distinct().Count() < 2).ToArray();
        if (tied.Length == 0) return weights;
        var w = QualityDimensions.All.Select(d => tied.Contains(d) ? 0 : weights[d]).ToArray();
        if (w.All(v => v == 0))
            throw new ArgumentException($"every weighted dimension ({string.Join(", ", tied.Select(d => d.DisplayName()))}) has the same value for all {reports.Count} models; a population ranking needs models that differ.");
        return new QubaWeights($"{weights.Name}, without {string.Join(", ", tied.Select(d => d.DisplayName()))} (equal for all models)", w);
    }
}
