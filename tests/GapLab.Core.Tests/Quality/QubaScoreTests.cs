using System.Text.Json;
using GapLab.Quality;

namespace GapLab.Core.Tests.Quality;

public class QubaScoreTests
{
    sealed record PublishedRow(string Model, string Setup, string Dataset, Dictionary<QualityDimension, double> Values, double? Quba);

    static readonly Lazy<IReadOnlyList<PublishedRow>> Rows = new(LoadRows);

    static IReadOnlyList<PublishedRow> LoadRows()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Quality", "Data", "quba-published-values.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var rows = new List<PublishedRow>();
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            var values = new Dictionary<QualityDimension, double>();
            foreach (var d in QualityDimensions.All)
                if (e.GetProperty(d.DisplayName()) is { ValueKind: JsonValueKind.Number } v)
                    values[d] = v.GetDouble();
            double? quba = e.TryGetProperty("QUBA", out var q) ? q.GetDouble() : null;
            rows.Add(new PublishedRow(e.GetProperty("Model").GetString()!, e.GetProperty("Setup").GetString()!,
                e.GetProperty("Dataset").GetString()!, values, quba));
        }
        return rows;
    }

    [Fact]
    public void Reproduces_every_published_QUBA_and_refuses_rows_with_missing_dimensions()
    {
        var rows = Rows.Value;
        Assert.Equal(326, rows.Count);
        int scored = 0, refused = 0;
        foreach (var row in rows)
        {
            if (row.Quba is double expected)
            {
                var r = QubaScore.Compute(row.Values);
                Assert.True(Math.Abs(r.Score - expected) < 1e-12, $"{row.Model} ({row.Setup}): {r.Score} vs published {expected}");
                scored++;
            }
            else
            {
                var ex = Assert.Throws<ArgumentException>(() => QubaScore.Compute(row.Values));
                Assert.Contains("needs a value for", ex.Message);
                refused++;
            }
        }
        Assert.Equal(282, scored);
        Assert.Equal(44, refused);
    }

    [Fact]
    public void TorchVision_ResNet50_V1_is_minus_0_3105_with_contributions_that_sum_to_the_score()
    {
        var row = Rows.Value.Single(r => r.Model == "ResNet50" && r.Values[QualityDimension.Accuracy] == 0.7613); // torchvision V1 top-1
        var r = QubaScore.Compute(row.Values);
        Assert.Equal(-0.3105, Math.Round(r.Score, 4));
        Assert.Equal(9, r.Contributions.Count);
        Assert.Equal(r.Score, r.Contributions.Sum(c => c.Contribution), 12);
        // Hand check of the accuracy term: z = (0.7613 - 0.79906) / 0.03469, weight 1 over sum|w| = 6.
        var acc = r.Contributions.Single(c => c.Dimension == QualityDimension.Accuracy);
        Assert.Equal((0.7613 - 0.7990557251908397) / 0.034685710545946026, acc.ZScore, 12);
        Assert.Equal(acc.ZScore / 6, acc.Contribution, 12);
        // Calibration error is lower-is-better: its weight is negative.
        Assert.Equal(-1, r.Contributions.Single(c => c.Dimension == QualityDimension.CalibrationError).Weight);
        Assert.StartsWith("published", r.NormalizationSource);
    }

    [Fact]
    public void Spec_table_spot_checks_round_to_the_published_three_decimals()
    {
        (string model, double quba)[] expected = [("AlexNet", -2.095), ("ResNet18", -0.851), ("BagNet9", -3.005), ("VGG16", -1.492)];
        foreach (var (model, quba) in expected)
        {
            var row = Rows.Value.First(r => r.Model == model && r.Quba is not null);
            Assert.Equal(quba, Math.Round(QubaScore.Compute(row.Values).Score, 3));
        }
    }

    [Fact]
    public void User_weights_are_signed_and_zero_drops_a_dimension()
    {
        var values = new Dictionary<QualityDimension, double> { [QualityDimension.Accuracy] = 0.8337, [QualityDimension.Parameters] = 12.1 };
        // Only accuracy: QUBA = z_acc exactly; parameters need no weight and other dimensions need no value.
        var accOnly = QubaWeights.FromDictionary(new Dictionary<QualityDimension, double> { [QualityDimension.Accuracy] = 2 });
        var r1 = QubaScore.Compute(values, accOnly);
        Assert.Equal((0.8337 - 0.7990557251908397) / 0.034685710545946026, r1.Score, 12);
        Assert.Single(r1.Contributions);
        // Accuracy +1 and parameters -1: (z_acc - z_params)/2.
        var two = QubaWeights.FromDictionary(new Dictionary<QualityDimension, double> { [QualityDimension.Accuracy] = 1, [QualityDimension.Parameters] = -1 });
        double zAcc = (0.8337 - 0.7990557251908397) / 0.034685710545946026, zPar = (12.1 - 55.28778625954198) / 42.8890536095964;
        Assert.Equal((zAcc - zPar) / 2, QubaScore.Compute(values, two).Score, 12);
        // Flipping the sign of the only weight flips the score.
        var neg = QubaWeights.FromDictionary(new Dictionary<QualityDimension, double> { [QualityDimension.Accuracy] = -1 });
        Assert.Equal(-r1.Score, QubaScore.Compute(values, neg).Score, 12);
    }

    [Fact]
    public void Population_normalisation_is_recorded_and_centres_the_population()
    {
        var pop = new[]
        {
            new Dictionary<QualityDimension, double>(),
            new Dictionary<QualityDimension, double>(),
            new Dictionary<QualityDimension, double>(),
        };
        for (int i = 0; i < 3; i++)
            foreach (var d in QualityDimensions.All)
                pop[i][d] = 1 + i + (int)d; // values k, k+1, k+2: mean k+1, ddof-0 std sqrt(2/3)
        var norm = QubaNormalization.FromPopulation(pop, "mine");
        Assert.Equal(2.0, norm.Mean[0], 12);
        Assert.Equal(Math.Sqrt(2.0 / 3), norm.Std[4], 12);
        var r = QubaScore.Compute(pop[1], normalization: norm);
        Assert.Equal(0.0, r.Score, 12); // the middle model is the mean in every dimension
        Assert.Contains("population 'mine'", r.NormalizationSource);
        // Top model: z = +sqrt(3/2) in every dimension; default weights give (sum w_i) / (sum |w_i|) * z = (2/6) * z.
        Assert.Equal(2.0 / 6 * Math.Sqrt(1.5), QubaScore.Compute(pop[2], normalization: norm).Score, 12);
    }

    [Fact]
    public void Bad_inputs_name_the_problem()
    {
        Assert.Contains("9 values", Assert.Throws<ArgumentException>(() => new QubaWeights("w", [1, 2])).Message);
        Assert.Contains("all zero", Assert.Throws<ArgumentException>(() => new QubaWeights("w", new double[9])).Message);
        var flat = Enumerable.Range(0, 2).Select(_ => (IReadOnlyDictionary<QualityDimension, double>)QualityDimensions.All.ToDictionary(d => d, _ => 1.0)).ToList();
        Assert.Contains("same Accuracy", Assert.Throws<ArgumentException>(() => QubaNormalization.FromPopulation(flat, "flat")).Message);
        Assert.Equal(QualityDimension.ClassBalance, QualityDimensions.Parse("Fairness"));
        Assert.Throws<FormatException>(() => QualityDimensions.Parse("Speed"));
        Assert.Equal(25.6, QubaScore.ParametersInMillions(25_557_032));
    }
}
