using System.Text.RegularExpressions;
using GapLab.Analysis;
using GapLab.Interactive.Reports;
using GapLab.Runtime;
using GapLab.IO;

namespace GapLab.Interactive.Tests;

public class HtmlReportTests
{
    public HtmlReportTests() => TorchRuntime.EnsureLoaded();

    sealed record Row(string Model, double TrainAccuracy, double TestAccuracy);

    /// <summary>plotly.js inlined: the copy embedded in Plotly.NET.</summary>
    static PlotlyScript InlineScript() => PlotlyScript.Embedded;

    static HtmlReport TwoChartReport() => new HtmlReport("Two charts")
        .AddMarkdown("Curves of a **hand-made** run.")
        .Add(Charts.GapCurves([new(1, 0.40, 0.45), new(2, 0.20, 0.31), new(3, 0.05, 0.30)]))
        .Add(Charts.GapVsModelSize([new("small", 1_000, 0.02), new("large", 100_000, 0.15)]))
        .AddHeading("Runs")
        .Add(RecordFrame.ToDataFrame(new[] { new Row("small", 0.70, 0.68), new Row("large", 0.95, 0.80) }));

    /// <summary>The provenance card of a report page as key -> value.</summary>
    static Dictionary<string, string> ProvenanceCard(string page)
    {
        var m = Regex.Match(page, "<section class=\"provenance\">(.*?)</section>", RegexOptions.Singleline);
        Assert.True(m.Success, "no provenance section");
        return HtmlDocument.Card(m.Groups[1].Value);
    }

    [Fact]
    public void Provenance_holds_versions_commit_device_threads_seeds_fingerprints_command_and_times()
    {
        var started = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        var report = new HtmlReport("Provenance", new ReportProvenance("gaplab test --seed 3", started) { FinishedUtc = started.AddSeconds(90) });
        report.Add(TorchEnvironment.Apply(new TorchSettings("cpu", 1, 3)));
        report.Provenance.AddSeed("model", 5).AddDataset("toy", "abc123").AddDataset("toy", "abc123");
        var card = ProvenanceCard(report.ToHtml(PlotlyScript.Embedded));
        Assert.Equal(TorchEnvironment.GapLabVersion(), card["GapLab"]);
        // built inside a git checkout, the SDK records the commit in the informational version; from a plain copy, "unknown"
        var git = Path.Combine(IpynbNotebookTests.RepositoryRoot(), ".git");
        Assert.Matches(Directory.Exists(git) || File.Exists(git) ? "^[0-9a-f]{40}$" : "^unknown$", card["git commit"]);
        Assert.Equal("0.107.0", card["TorchSharp"]);
        Assert.StartsWith("2.10.0", card["libtorch"]);
        Assert.Equal("cpu", card["device"]);
        Assert.Equal("1", card["threads"]);
        Assert.Equal("torch=3, model=5", card["seeds"]);
        Assert.Equal("SHA-256 abc123", card["dataset toy"]);
        Assert.Equal("gaplab test --seed 3", card["command"]);
        Assert.Equal("2025-01-02 03:04:05", card["started (UTC)"]);
        Assert.Equal("2025-01-02 03:05:35", card["finished (UTC)"]);
        Assert.Equal("90.0 s", card["duration"]);
        Assert.False(card.ContainsKey("plotly.js")); // no chart, so no plotly.js at all
    }

    [Fact]
    public void A_dataset_split_adds_both_fingerprints_and_a_second_seed_of_a_name_replaces_the_first()
    {
        var train = new GapLab.Data.Dataset("toy", [0f, 1f, 1f, 0f], [0, 1], [2], ["a", "b"]);
        var test = new GapLab.Data.Dataset("toy-test", [1f, 1f], [1], [2], ["a", "b"]);
        var provenance = new ReportProvenance("cmd");
        provenance.Note(new GapLab.Data.DatasetSplit(train, test));
        provenance.AddSeed("s", 1).AddSeed("s", 2);
        Assert.Equal([("toy (train)", train.Fingerprint), ("toy-test (test)", test.Fingerprint)], provenance.Datasets);
        Assert.NotEqual(train.Fingerprint, test.Fingerprint);
        Assert.Equal([("s", 2L)], provenance.Seeds);
    }

    [Fact]
    public void Inlined_plotly_is_written_once_in_the_head_and_no_script_is_loaded_from_the_network()
    {
        var script = InlineScript();
        var page = TwoChartReport().ToHtml(script);
        Assert.DoesNotMatch(new Regex("<script[^>]*\\ssrc\\s*=", RegexOptions.IgnoreCase), page);
        Assert.DoesNotContain("cdn.plot.ly", page[page.IndexOf("</head>", StringComparison.Ordinal)..]);
        Assert.Equal(1, Regex.Count(page, "typeof window.Plotly === 'undefined'"));
        Assert.True(page.IndexOf("typeof window.Plotly", StringComparison.Ordinal) < page.IndexOf("</head>", StringComparison.Ordinal));
        Assert.Equal(2, Regex.Count(page[page.IndexOf("</head>", StringComparison.Ordinal)..], "Plotly.newPlot"));
        Assert.Equal(script.Origin, ProvenanceCard(page)["plotly.js"]);
        Assert.Contains("<p>Curves of a <b>hand-made</b> run.</p>", page);
        Assert.Contains("<h2>Runs</h2>", page);
    }

    [Fact]
    public void A_report_without_charts_carries_no_plotly()
    {
        var page = new HtmlReport("Plain").AddHeading("Only text", 3).Add(42).ToHtml(InlineScript());
        Assert.DoesNotContain("<script", page);
        Assert.Contains("<h3>Only text</h3>", page);
        Assert.Contains("<div class=\"output\"><pre>42</pre></div>", page);
    }

    [Fact]
    public void Bad_heading_levels_and_missing_folders_are_refused_with_what_is_accepted()
    {
        var report = new HtmlReport("Bad input");
        var level = Assert.Throws<ArgumentOutOfRangeException>(() => report.AddHeading("x", 7));
        Assert.StartsWith("Heading level 7 is not accepted; use 1 to 6.", level.Message);
        var missing = Path.Combine(Path.GetTempPath(), $"gaplab-missing-{Guid.NewGuid():N}");
        var folder = Assert.Throws<DirectoryNotFoundException>(() => report.Save(Path.Combine(missing, "r.html")));
        Assert.Equal($"Folder of report '{Path.Combine(missing, "r.html")}' does not exist; create '{missing}' first or choose another path.", folder.Message);
        Assert.Null(report.Provenance.FinishedUtc); // nothing was written
    }

    [ChromiumFact]
    public void The_saved_report_opens_offline_in_headless_chromium_with_every_chart_drawn_and_no_console_errors()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("gaplab-report-").FullName, "report.html");
        TwoChartReport().Save(file, PlotlyScript.Embedded);
        var page = HeadlessChromium.Open(file);

        Assert.Equal(2, Regex.Count(page.Dom, "class=\"plot-container plotly\""));     // one drawn plot per chart
        Assert.True(Regex.Count(page.Dom, "<svg class=\"main-svg\"") >= 2, "plotly drew no main-svg");
        Assert.Contains("class=\"scatterlayer", page.Dom);                             // the traces themselves
        var console = page.Log.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal) || l.Contains("Uncaught", StringComparison.Ordinal)).ToList();
        Assert.True(console.Count == 0, "console messages:\n" + string.Join('\n', console));

        var (width, height, rgb) = PngPixels.Read(page.Screenshot);
        Assert.Equal((1200, 1600), (width, height));
        int pixels = width * height, inked = 0, coloured = 0;
        for (int p = 0; p < pixels; p++)
        {
            int r = rgb[3 * p], g = rgb[3 * p + 1], b = rgb[3 * p + 2];
            if (r + g + b < 700) inked++;
            if (Math.Max(r, Math.Max(g, b)) - Math.Min(r, Math.Min(g, b)) > 80) coloured++; // trace colours; text and tables are grey
        }
        Assert.True(inked > pixels / 100, $"screenshot is nearly blank: {inked} of {pixels} pixels are not white");
        Assert.True(coloured > 500, $"no chart colours on the screenshot: {coloured} coloured pixels");
    }
}
