using System.Diagnostics;
using System.Text.RegularExpressions;
using static GapLab.Cli.Tests.NotebookCommandTests;

namespace GapLab.Cli.Tests;

/// <summary>
/// CI for the notebooks: every notebooks/*.ipynb runs through <c>gaplab notebook run --param quick=true</c>; every cell must succeed and
/// the report must hold each notebook's charts and key outputs. All of them together take well under 3 minutes on 2 cores.
/// </summary>
public class NotebookGalleryTests
{
    /// <summary>Per notebook: charts drawn (one Plotly.newPlot per chart output) and texts its report must contain.</summary>
    static readonly Dictionary<string, (int Charts, string[] Texts)> Expected = new()
    {
        ["01-quickstart"] = (3, ["<caption>Training run</caption>", "<caption>Generalization gap</caption>", "2 runs (2 completed)", "Generalization gap vs model size"]),
        ["02-the-generalization-gap"] = (9, ["Train vs test loss", "<pre>2-fold gap ", "training labels changed</pre>", "gap with clean labels"]),
        ["03-double-descent"] = (2, ["3 runs (3 completed)", "Train and test error vs width (20% label noise)", "interpolation threshold"]),
        ["04-practical-metric-testbed"] = (4, ["<caption>Practical generalization testbed</caption>", "<td>SSIM lower bound</td>", "marginals along SSIM",
            "<caption>Set diversity</caption>", "data at SSIM 0.7", "Accuracy vs diversity of the test set"]),
        ["05-theory-vs-practice"] = (5, ["6 runs (6 completed)", "<caption>Complexity measures</caption>", "<caption>Theory vs practice</caption>",
            "of each measure with the gap", "Agreement of each measure with the gap"]),
        ["06-beyond-accuracy"] = (5, ["Adversarial Robustness", "Calibration Error", "<pre>QUBA: mlp ", "<pre>ECE: mlp ", "Quality beyond accuracy"]),
        ["07-reproducible-report"] = (1, ["4 runs (4 completed)", "the store holds 4 runs; the second call trained 0", "<pre>wrote ", "/report.html (",
            "2 rows &#215; 3 columns", "/session.html ("]),
        ["08-benchmarks-over-time"] = (2, ["regression(s) beyond the tolerance:\nmlp:", "(rotated), paired: ", "verdicts: no significant change; largest |change|: 0",
            "(2 shards)", "dashboard of &#39;fashion&#39;: ", "3 evaluations", "<td>label_noise</td>", "<td>feature_drift</td>"]),
    };

    [Fact]
    public void Every_notebook_runs_in_quick_mode_with_all_cells_succeeding_and_its_outputs_in_the_report()
    {
        var notebooks = Directory.GetFiles(Path.Combine(RepositoryRoot(), "notebooks"), "*.ipynb").Order().ToArray();
        Assert.Equal(Expected.Keys.Order(), notebooks.Select(Path.GetFileNameWithoutExtension).ToArray()!);
        var dir = Directory.CreateTempSubdirectory("gaplab-gallery-").FullName;
        var watch = Stopwatch.StartNew();
        var failures = new List<string>();
        foreach (var path in notebooks)
        {
            var name = Path.GetFileNameWithoutExtension(path);
            var report = Path.Combine(dir, name + ".html");
            var (code, stdout, err) = CliHarness.Gaplab("notebook", "run", path, "--out", report, "--param", "quick=true");
            if (code != 0) { failures.Add($"{name}: exit {code}\n{stdout}{err}"); continue; }
            var html = File.ReadAllText(report);
            var (charts, texts) = Expected[name];
            Assert.Matches("<td>status</td><td>all \\d+ cells ran</td>", html);
            Assert.Contains("<td>parameters</td><td>quick=true</td>", html);
            Assert.DoesNotContain("class=\"error\"", html);
            Assert.True(charts == Regex.Count(html[html.IndexOf("</head>", StringComparison.Ordinal)..], "Plotly.newPlot"), $"{name}: chart count");
            foreach (var text in texts) Assert.True(html.Contains(text, StringComparison.Ordinal), $"{name}: report lacks '{text}'");
            if (Lessons.TryGetValue(name, out var lesson)) lesson(html);
        }
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        Console.WriteLine($"all notebooks in quick mode: {watch.Elapsed.TotalSeconds:0} s");
    }

    /// <summary>The effect each notebook explains, as quick mode shows it (quick mode is sized so that it does).</summary>
    static readonly Dictionary<string, Action<string>> Lessons = new()
    {
        // 02: memorising 20% wrong labels widens the gap
        ["02-the-generalization-gap"] = html =>
        {
            var m = Regex.Match(html, @"gap with clean labels (-?[\d.]+) %, with 20% wrong labels (-?[\d.]+) %");
            Assert.True(m.Success, "02: the label-noise sentence is missing");
            double clean = double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), noisy = double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(noisy > clean, $"02 (quick): the gap should grow with label noise; clean {clean} %, noisy {noisy} %");
        },
        // 03: quick mode shows the first descent only (its text says so): test error falls as the width grows
        ["03-double-descent"] = html =>
        {
            var rows = Regex.Matches(html, @"<td>mlp:depth=1,dropout=0,width=\d+</td><td>([\d.]+)</td><td>[\d.]+</td><td>([\d.]+)</td><td>-?[\d.]+</td></tr>")
                .Select(m => (Params: double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), TestError: double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)))
                .DistinctBy(r => r.Params).OrderBy(r => r.Params).ToList(); // the label/params/train/test/gap table
            Assert.True(rows.Count == 3, $"03: expected the 3 quick widths in the error table, found {rows.Count}");
            Assert.True(rows.Zip(rows.Skip(1)).All(p => p.Second.TestError < p.First.TestError), "03 (quick): test error should fall with width: " + string.Join(", ", rows));
            Assert.Contains("Quick mode cannot show the peak", html);
        },
        // 04: the testbed's backbones learned: seen-class test accuracy above chance (the testbed flags "ended at chance" otherwise)
        ["04-practical-metric-testbed"] = html =>
        {
            var accuracies = Regex.Matches(html, @"seen-class test accuracy ([\d.]+) \(completed\)").Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
            Assert.True(accuracies.Count >= 1, "04: no backbone line 'seen-class test accuracy X (completed)' in the report (a backbone at chance shows 'ended at chance')");
            Assert.DoesNotContain("ended at chance", html);
            Assert.All(accuracies, a => Assert.True(a > 0.28, $"04 (quick): backbone accuracy {a} is not above chance 0.2 + 2 standard errors"));
        },
    };
}
