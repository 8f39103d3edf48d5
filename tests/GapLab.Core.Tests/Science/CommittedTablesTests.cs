using System.Globalization;
using GapLab.Analysis;
using GapLab.Suites;
using GapLab.IO;
using GapLab.Store;

namespace GapLab.Core.Tests.Science;

/// <summary>
/// The committed tables of docs/theory-vs-practice.md agree with the raw data committed beside them: correlation.csv is what
/// <see cref="TheoryVsPractice.Correlate"/> computes from runs.csv + measures.csv (no weights needed), and every row of the markdown
/// table is correlation.csv formatted. A table edited by hand, or raw data replaced without regenerating the table, fails here.
/// </summary>
public class CommittedTablesTests
{
    internal static string Repo()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Kernel.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("repository root (Kernel.sln) not found above " + AppContext.BaseDirectory);
    }

    static double D(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    static string F(double v) => SignedNumber.Format(v, 3, nan: "-");

    static string U(double v, string format) => double.IsNaN(v) ? "-" : v.ToString(format, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("pgdl-seeds", 48)]
    [InlineData("pgdl", 64)]
    public void TheCorrelationIsRecomputedExactlyFromTheCommittedRuns(string population_, int models)
    {
        string dir = Path.Combine(Repo(), "docs", "theory-vs-practice", population_);
        var committed = CsvTable.Read(Path.Combine(dir, "correlation.csv"));
        var population = RunPopulation.FromMeasures(LegacyRunsCsvImport.ReadRuns(Path.Combine(dir, "runs.csv")), CsvTable.Read(Path.Combine(dir, "measures.csv")));
        Assert.Equal(models, population.Count);
        int resamples = int.Parse(committed.Rows[0][committed.Column("resamples")], CultureInfo.InvariantCulture);
        int seed = int.Parse(committed.Rows[0][committed.Column("seed")], CultureInfo.InvariantCulture);
        var table = TheoryVsPractice.Correlate(population, resamples, seed);
        Assert.Equal(committed.Values("measure"), table.Select(r => r.Measure));
        string[] numeric = ["kendall_tau", "kendall_tau_low", "kendall_tau_high", "spearman", "psi", "sign_error", "cmi", "robust_sign_error_mean", "robust_sign_error_p90", "robust_sign_error_max"];
        for (int i = 0; i < table.Count; i++)
        {
            var r = table[i];
            double[] mine = [r.KendallTau, r.KendallTauLow, r.KendallTauHigh, r.Spearman, r.Psi, r.SignError, r.Cmi, r.RobustSignErrorMean, r.RobustSignErrorP90, r.RobustSignErrorMax];
            for (int c = 0; c < numeric.Length; c++)
            {
                double theirs = D(committed.Rows[i][committed.Column(numeric[c])]);
                Assert.True(double.IsNaN(theirs) ? double.IsNaN(mine[c]) : Math.Abs(theirs - mine[c]) <= 1e-12, $"{r.Measure} {numeric[c]}: committed {theirs}, recomputed {mine[c]}");
            }
            Assert.Equal(committed.Rows[i][committed.Column("models")], r.Models.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(committed.Rows[i][committed.Column("robust_environments")], r.RobustEnvironments.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(committed.Rows[i][committed.Column("note")], r.Note);
        }
    }

    [Fact]
    public void PgdlMarkdownTableIsTheCommittedCorrelationFormatted()
    {
        var csv = CsvTable.Read(Path.Combine(Repo(), "docs", "theory-vs-practice", "pgdl", "correlation.csv"));
        double V(string[] row, string column) => D(row[csv.Column(column)]);
        var expected = csv.Rows.Select(r =>
            $"| {r[csv.Column("measure")]} | {r[csv.Column("models")]} | {F(V(r, "kendall_tau"))} | [{F(V(r, "kendall_tau_low"))}, {F(V(r, "kendall_tau_high"))}] | " +
            $"{F(V(r, "spearman"))} | {F(V(r, "psi"))} | {U(V(r, "sign_error"), "0.000")} | {U(V(r, "cmi"), "0.0000")} |").ToList();
        var doc = File.ReadAllLines(Path.Combine(Repo(), "docs", "theory-vs-practice.md"));
        int header = Array.FindIndex(doc, l => l.StartsWith("| measure | models | tau-b | 95% CI | Spearman | Psi | sign error | CMI |", StringComparison.Ordinal));
        Assert.True(header >= 0, "the pgdl table header is missing from docs/theory-vs-practice.md");
        var rows = doc.Skip(header + 2).TakeWhile(l => l.StartsWith('|')).ToList();
        Assert.True(expected.SequenceEqual(rows), "docs/theory-vs-practice.md's pgdl table differs from pgdl/correlation.csv; the table should read:\n" + string.Join("\n", expected));
        // the population line quotes runs.csv
        var runs = LegacyRunsCsvImport.ReadRuns(Path.Combine(Repo(), "docs", "theory-vs-practice", "pgdl", "runs.csv"));
        string Range(Func<RunRecord, double> f, string format) => $"{runs.Min(f).ToString(format, CultureInfo.InvariantCulture)}..{runs.Max(f).ToString(format, CultureInfo.InvariantCulture)}";
        Assert.Contains($"Population: train accuracy {Range(r => r.TrainAcc, "0.000")}, test accuracy {Range(r => r.TestAcc, "0.000")}, gap {Range(r => r.AccGap, "+0.0000;-0.0000")}.", doc);
    }

    [Fact]
    public void PgdlSeedsMarkdownTableIsTheCommittedCorrelationFormatted()
    {
        var csv = CsvTable.Read(Path.Combine(Repo(), "docs", "theory-vs-practice", "pgdl-seeds", "correlation.csv"));
        double V(string[] row, string column) => D(row[csv.Column(column)]);
        var expected = csv.Rows.Select(r =>
            $"| {r[csv.Column("measure")]} | {F(V(r, "kendall_tau"))} | [{F(V(r, "kendall_tau_low"))}, {F(V(r, "kendall_tau_high"))}] | {F(V(r, "psi"))} | " +
            $"{U(V(r, "sign_error"), "0.000")} | {U(V(r, "cmi"), "0.0000")} | {r[csv.Column("robust_environments")]} | {U(V(r, "robust_sign_error_mean"), "0.000")} | " +
            $"{U(V(r, "robust_sign_error_p90"), "0.000")} | {U(V(r, "robust_sign_error_max"), "0.000")} |").ToList();
        var doc = File.ReadAllLines(Path.Combine(Repo(), "docs", "theory-vs-practice.md"));
        int header = Array.FindIndex(doc, l => l.StartsWith("| measure | tau-b | 95% CI | Psi | sign error | CMI | robust SE", StringComparison.Ordinal));
        Assert.True(header >= 0, "the pgdl-seeds table header is missing from docs/theory-vs-practice.md");
        var rows = doc.Skip(header + 2).TakeWhile(l => l.StartsWith('|')).ToList();
        Assert.True(expected.SequenceEqual(rows), "docs/theory-vs-practice.md's pgdl-seeds table differs from pgdl-seeds/correlation.csv; the table should read:\n" + string.Join("\n", expected));
    }

    [Fact]
    public void TestbedTableIsTheCommittedMarginalsAndTheMarginalsAreTheCellMeans()
    {
        string dir = Path.Combine(Repo(), "docs", "testbed");
        var cells = CsvTable.Read(Path.Combine(dir, "testbed-cells.csv"));
        var marginals = CsvTable.Read(Path.Combine(dir, "testbed-marginals.csv"));
        var doc = File.ReadAllLines(Path.Combine(Repo(), "docs", "testbed.md"));
        var cellAxis = new Dictionary<string, string> { ["ssim"] = "ssim_target", ["zero_shot"] = "zero_shot_fraction", ["model"] = "parameters" };
        var docAxis = new Dictionary<string, string> { ["ssim"] = "ssim", ["zero_shot"] = "zero-shot k", ["model"] = "model" };
        string[] columns = ["f1_mean_error", "f2_mean_kappa_distance", "accuracy"];
        foreach (var axis in marginals.Rows.GroupBy(r => r[marginals.Column("axis")]))
        {
            var expected = new List<string>();
            foreach (var column in columns)
            {
                foreach (var m in axis)
                {
                    // a marginal is the plain mean over the cells that share the axis value
                    double value = D(m[marginals.Column("value")]);
                    var members = cells.Rows.Where(c => Math.Abs(D(c[cells.Column(cellAxis[axis.Key])]) - value) < 1e-9).ToList();
                    Assert.Equal(int.Parse(m[marginals.Column("cell_count")], CultureInfo.InvariantCulture), members.Count);
                    Assert.Equal(members.Average(c => D(c[cells.Column(column)])), D(m[marginals.Column(column)]), 12);
                }
                expected.Add(string.Join(" / ", axis.Select(m => D(m[marginals.Column(column)]).ToString("0.000", CultureInfo.InvariantCulture))));
            }
            var row = doc.Single(l => l.StartsWith($"| {docAxis[axis.Key]} |", StringComparison.Ordinal)).Split('|', StringSplitOptions.TrimEntries);
            Assert.Equal(expected, row[3..6]);
        }
        // the trade-off sentence quotes tradeoff.json
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "tradeoff.json")));
        var t = json.RootElement.GetProperty("tradeoff");
        double P(string name) => t.GetProperty(name).GetDouble();
        string sentence = string.Create(CultureInfo.InvariantCulture,
            $"SSIM >= {P("ssim_lower_bound"):0.000}, zero-shot <= {P("zero_shot_upper_bound"):0.000}, model size >= {P("model_size_lower_bound"):N0} parameters,");
        Assert.Contains(doc, l => l.Contains(sentence, StringComparison.Ordinal));
        Assert.Contains(doc, l => l.Contains(string.Create(CultureInfo.InvariantCulture,
            $"generalization bound {P("generalization_bound"):0.0000}, diversity bound {P("diversity_bound"):0.0000}."), StringComparison.Ordinal));
    }
}
