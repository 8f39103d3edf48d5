using System.Globalization;
using System.Text.RegularExpressions;
using GapLab.Analysis;
using GapLab.Core.Tests.Science;
using GapLab.IO;

namespace GapLab.Core.Tests.Benchmarking;

/// <summary>
/// The numbers docs/benchmarks-over-time.md quotes for the built-in example are those of the files docs/benchmarks-over-time/example.sh
/// committed beside it (compare.csv, data-checks.csv, compare-exit-code.txt, drops.csv, dashboard.html): a doc edited by hand, or files regenerated
/// without updating the doc, fails here.
/// </summary>
public class CommittedExampleTests
{
    static string Dir => Path.Combine(CommittedTablesTests.Repo(), "docs", "benchmarks-over-time");

    /// <summary>The "Built-in example (numbers)" section, whitespace collapsed.</summary>
    static string Numbers()
    {
        string doc = File.ReadAllText(Path.Combine(CommittedTablesTests.Repo(), "docs", "benchmarks-over-time.md"));
        int start = doc.IndexOf("## Built-in example (numbers)", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/benchmarks-over-time.md has no '## Built-in example (numbers)' section");
        int end = doc.IndexOf("\n## ", start + 3, StringComparison.Ordinal);
        return Regex.Replace(doc[start..(end < 0 ? doc.Length : end)], @"\s+", " ");
    }

    static double D(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    static Match Quote(string pattern)
    {
        var m = Regex.Match(Numbers(), pattern);
        Assert.True(m.Success, $"the numbers section no longer says /{pattern}/");
        return m;
    }

    /// <summary>A value quoted with <paramref name="quoted"/>'s decimals equals the committed one rounded to them.</summary>
    static void Rounded(string quoted, double committed, string what)
    {
        int decimals = quoted.Contains('.') ? quoted.Length - quoted.IndexOf('.') - 1 : 0;
        Assert.True(Math.Abs(D(quoted) - committed) <= 0.5 * Math.Pow(10, -decimals) + 1e-12, $"{what}: the doc says {quoted}, the committed file {committed}");
    }

    [Fact]
    public void QuotedAccuraciesAndMcNemarPAreTheCommittedCompare()
    {
        var compare = CsvTable.Read(Path.Combine(Dir, "compare.csv"));
        string[] Accuracy(string width) => compare.Rows.Single(r => r[compare.Column("metric")] == "accuracy" && r[compare.Column("run_id")].Contains($"width={width}|", StringComparison.Ordinal));
        var m = Quote(@"takes clean accuracy from ([\d.]+) to ([\d.]+) \(width 32\) and from ([\d.]+) to ([\d.]+) \(width 128\), McNemar p ≈ 1e-(\d+)");
        foreach (var (width, at) in new[] { ("32", 1), ("128", 3) })
        {
            var row = Accuracy(width);
            Rounded(m.Groups[at].Value, D(row[compare.Column("baseline")]), $"width {width} baseline accuracy");
            Rounded(m.Groups[at + 1].Value, D(row[compare.Column("current")]), $"width {width} current accuracy");
            Assert.Equal(-D(m.Groups[5].Value), Math.Round(Math.Log10(D(row[compare.Column("p_value")]))));
            Assert.Equal("regression", row[compare.Column("verdict")]);
        }
        Quote("`compare` exits with 1");
        Assert.Equal("compare exit code: 1", File.ReadAllText(Path.Combine(Dir, "compare-exit-code.txt")).Trim());
        Assert.Contains(compare.Rows, r => r[compare.Column("beyond_tolerance")] == "true");
    }

    [Fact]
    public void QuotedDataChecksAreTheCommittedDataChecks()
    {
        var checks = CsvTable.Read(Path.Combine(Dir, "data-checks.csv"));
        var shifted = checks.Rows.Where(r => r[checks.Column("data_label")].EndsWith("shift:rotate=30", StringComparison.Ordinal)).ToList();
        string Col(string[] r, string c) => r[checks.Column(c)];
        int permutations = int.Parse(Quote(@"feature drift with p = 1/(\d+) overall and in every class").Groups[1].Value, CultureInfo.InvariantCulture);
        var drift = shifted.Where(r => Col(r, "check_name") == "feature_drift").ToList();
        Assert.Equal(11, drift.Count); // all + the 10 Fashion-MNIST classes
        Assert.Contains(drift, r => Col(r, "scope") == "all");
        Assert.All(drift, r => Assert.Equal(1.0 / permutations, D(Col(r, "p_value")), 15));
        Quote(@"no label shift \(p = 1, same labels\)");
        Assert.Equal(1.0, D(Col(shifted.Single(r => Col(r, "check_name") == "label_shift"), "p_value")));
        Quote("no duplicates");
        var duplicates = checks.Rows.Where(r => Col(r, "check_name").EndsWith("duplicates", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, duplicates.Count); // exact and near: train-test in both evaluations, across versions in the second
        Assert.All(duplicates, r => Assert.Equal("0", Col(r, "count")));
    }

    [Fact]
    public void QuotedDropThresholdsAreTheCommittedDashboard()
    {
        string html = File.ReadAllText(Path.Combine(Dir, "dashboard.html"));
        Assert.Contains("Corruption drop threshold", html, StringComparison.Ordinal);
        // rows of the drop-threshold table: eval_id, data_label, run_id, corruption, severity, low, high, unreached
        var rows = Regex.Matches(html, @"<tr><td>([^<]*)</td><td>fashion-mnist-embedded</td><td>mlp:depth=1,width=(\d+)\|seed=0</td><td>contrast</td>((?:<td>.*?</td>){4})</tr>")
            .ToDictionary(r => r.Groups[2].Value, r => Regex.Matches(r.Groups[3].Value, "<td>(.*?)</td>").Select(c => c.Groups[1].Value).ToArray());
        static double? Cell(string c) => c.Contains("null", StringComparison.Ordinal) ? null : D(c);
        var m = Quote(@"drop threshold of contrast is severity ([\d.]+) \[([\d.]+), ([\d.]+)\] for width 32 and ([\d.]+) \[([\d.]+), ([\d.]+)\] for width 128");
        var (w32, w128) = (rows["32"], rows["128"]);
        for (int k = 0; k < 3; k++)
        {
            Rounded(m.Groups[k + 1].Value, Cell(w32[k])!.Value, $"width 32 contrast drop threshold column {k}");
            Rounded(m.Groups[k + 4].Value, Cell(w128[k])!.Value, $"width 128 contrast drop threshold column {k}");
        }
        Assert.Equal((0.0, 0.0), (D(w32[3]), D(w128[3])));

        // drops.csv (gaplab benchmark drops --format csv) holds the same rows at full precision
        var drops = CsvTable.Read(Path.Combine(Dir, "drops.csv"));
        string[] Row(string width) => drops.Rows.Single(r => r[drops.Column("data_label")] == "fashion-mnist-embedded" && r[drops.Column("corruption")] == "contrast"
            && r[drops.Column("run_id")].Contains($"width={width}|", StringComparison.Ordinal));
        foreach (var (width, cells) in new[] { ("32", w32), ("128", w128) })
        {
            var row = Row(width);
            string[] columns = ["severity", "low", "high", "unreached"];
            for (int k = 0; k < 4; k++)
            {
                string csv = row[drops.Column(columns[k])];
                if (Cell(cells[k]) is { } shown) Assert.Equal(shown, D(csv), 1e-5); // the dashboard shows 6 significant digits
                else Assert.Equal("", csv);
            }
            Assert.Equal(("0.1", "1000", "0", "0.95"), (row[drops.Column("drop")], row[drops.Column("resamples")], row[drops.Column("seed")], row[drops.Column("confidence")]));
        }
        Assert.Equal(8, drops.Rows.Count); // 2 evaluations x 2 models x 2 corruptions
        Quote("gaussian noise never costs either model 0.1 up to severity 5");
        Assert.All(drops.Rows.Where(r => r[drops.Column("corruption")] == "gaussian_noise"), r => Assert.Equal(("", "1"), (r[drops.Column("severity")], r[drops.Column("unreached")])));
        var rotated = Quote(@"On the rotated images width 32 needs contrast ([\d.]+) and width 128 never loses 0.1 more");
        string[] Rotated(string width) => drops.Rows.Single(r => r[drops.Column("data_label")].EndsWith("shift:rotate=30", StringComparison.Ordinal)
            && r[drops.Column("corruption")] == "contrast" && r[drops.Column("run_id")].Contains($"width={width}|", StringComparison.Ordinal));
        Rounded(rotated.Groups[1].Value, D(Rotated("32")[drops.Column("severity")]), "width 32 contrast threshold on the rotated images");
        Assert.Equal("", Rotated("128")[drops.Column("severity")]);
    }

    [Fact]
    public void QuotedAttackDropThresholdAndQubaChangesAreTheCommittedCompare()
    {
        var compare = CsvTable.Read(Path.Combine(Dir, "compare.csv"));
        string[] Row(string metric, string width) => compare.Rows.Single(r => r[compare.Column("metric")] == metric && r[compare.Column("run_id")].Contains($"width={width}|", StringComparison.Ordinal));
        string Col(string[] r, string c) => r[compare.Column(c)];
        var pgd = Quote(@"PGD accuracy falls from ([\d.]+) to ([\d.]+) \(width 32\) and from ([\d.]+) to ([\d.]+) \(width 128\), and adversarial robustness \(relative to clean accuracy\) from ([\d.]+) to ([\d.]+) and from ([\d.]+) to ([\d.]+)");
        foreach (var (width, at) in new[] { ("32", 1), ("128", 3) })
        {
            Rounded(pgd.Groups[at].Value, D(Col(Row("pgd_accuracy", width), "baseline")), $"width {width} PGD accuracy before");
            Rounded(pgd.Groups[at + 1].Value, D(Col(Row("pgd_accuracy", width), "current")), $"width {width} PGD accuracy after");
            Rounded(pgd.Groups[at + 4].Value, D(Col(Row("adversarial_robustness", width), "baseline")), $"width {width} adversarial robustness before");
            Rounded(pgd.Groups[at + 5].Value, D(Col(Row("adversarial_robustness", width), "current")), $"width {width} adversarial robustness after");
            foreach (var metric in new[] { "pgd_accuracy", "adversarial_robustness" })
                Assert.Equal(("regression", "true"), (Col(Row(metric, width), "verdict"), Col(Row(metric, width), "beyond_tolerance")));
        }
        var drop = Quote(@"judges `drop_threshold:contrast` an \*\*improvement\*\* \(\+([\d.]+) and \+([\d.]+) severity, censored at 5\)");
        foreach (var (width, at) in new[] { ("32", 1), ("128", 2) })
        {
            Rounded(drop.Groups[at].Value, D(Col(Row("drop_threshold:contrast", width), "delta")), $"width {width} contrast drop threshold change");
            Assert.Equal("improvement", Col(Row("drop_threshold:contrast", width), "verdict"));
        }
        var quba = Quote(@"QUBA moves by \+(\d+) \(width 32\) and \+(\d+) \(width 128\), an ""improvement""");
        foreach (var (width, at) in new[] { ("32", 1), ("128", 2) })
        {
            Rounded(quba.Groups[at].Value, D(Col(Row("quba", width), "delta")), $"width {width} QUBA change");
            Assert.Equal("improvement", Col(Row("quba", width), "verdict"));
            Assert.Contains("z-scores frozen on", Col(Row("quba", width), "test"), StringComparison.Ordinal);
        }
    }
}
