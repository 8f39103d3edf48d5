using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using GapLab.Interactive.Formatting;
using GapLab.Runtime;

namespace GapLab.Interactive.Tests;

public class ChartGalleryTests
{
    public ChartGalleryTests() => TorchRuntime.EnsureLoaded();

    /// <summary>Written into the page after load: per chart, whether it drew, its axis titles and every text that sticks out of its box.</summary>
    internal const string CheckScript = """
        <script>
        window.addEventListener('load', function () { setTimeout(function () {
          var results = [];
          document.querySelectorAll('.gaplab-plot, .gaplab-xplot > div').forEach(function (plot) {
            var box = plot.getBoundingClientRect(), svg = plot.querySelector('svg.main-svg');
            var text = function (sel) { var e = plot.querySelector(sel); return e ? e.textContent : ''; };
            var r = { title: text('.gtitle'), xtitle: text('.xtitle'), ytitle: text('.ytitle'), width: Math.round(box.width), height: Math.round(box.height),
                      svg: !!svg && svg.getBoundingClientRect().width > 0, marks: plot.querySelectorAll('.plot path, .plot image, .plot rect').length,
                      clipped: [], xticks: [], yticks: [], coversNext: false };
            plot.querySelectorAll('.xtick text, .ytick text, .gtitle, .xtitle, .ytitle, .legendtext').forEach(function (el) {
              var b = el.getBoundingClientRect();
              if (b.width > 0 && (b.left < box.left - 1 || b.right > box.right + 1 || b.top < box.top - 1 || b.bottom > box.bottom + 1))
                r.clipped.push(el.textContent);
            });
            plot.querySelectorAll('.xtick text').forEach(function (el) { r.xticks.push(el.textContent); });
                plot.querySelectorAll('.ytick text').forEach(function (el) { r.yticks.push(el.textContent); });
            var output = plot.closest('.output'), next = output && output.nextElementSibling;
                while (next && next.getBoundingClientRect().top < 0) next = next.nextElementSibling; // plotly's hidden text-measuring svg
            if (next && svg) r.coversNext = svg.getBoundingClientRect().bottom > next.getBoundingClientRect().top + 1;
            results.push(r);
          });
          var doc = document.documentElement;
          var pre = document.createElement('pre');
          pre.id = 'gaplab-chart-check';
          pre.textContent = JSON.stringify({ pageOverflow: doc.scrollWidth > doc.clientWidth, charts: results });
          document.body.appendChild(pre);
        }, 1500); });
        </script>
        """;

    [Fact]
    public void A_report_with_every_chart_kind_carries_plotly_js_once_and_each_chart_with_its_data_as_text()
    {
        var kinds = ChartGallery.Charts();
        var page = ChartGallery.Report().ToHtml(PlotlyScript.Embedded);
        var body = page[page.IndexOf("</head>", StringComparison.Ordinal)..];
        Assert.Equal(1, Regex.Count(page, Regex.Escape("plotly.js v2.28.0")));
        Assert.DoesNotMatch(new Regex("<script[^>]*\\ssrc\\s*=", RegexOptions.IgnoreCase), page);
        Assert.Equal(kinds.Count + 1, Regex.Count(body, "Plotly.newPlot"));                 // + the XPlot chart
        Assert.Equal(kinds.Count, Regex.Count(body, "<details class=\"gaplab-chart-data\">"));
        Assert.Contains("<div class=\"gaplab-xplot\" style=\"overflow-x:auto\"><div id=\"xplot-", body);
        Assert.DoesNotContain("height: 500px", body);
    }

    [Fact]
    public void The_text_alternative_lists_title_axes_and_each_traces_values()
    {
        var text = ChartFormatter.ToText(Charts.GapCurves([new(2, 0.2, 0.31), new(1, 0.4, 0.45)]));
        Assert.Equal("""
            chart: Train vs test error
            x axis: epoch
            y axis: error

            scatter "train":
              x  y
              1  0.4
              2  0.2

            scatter "test":
              x  y
              1  0.45
              2  0.31

            scatter "gap (test - train)":
              x  y
              1  0.05
              2  0.11
            """, text);
        var heat = ChartFormatter.ToText(Charts.CorrelationHeatMap(ChartGallery.Correlations.Take(2).ToArray()));
        // tau -0.9 and -0.84; Spearman = 0.9 tau; Psi undefined ("-"); 1 - 2 sign error = tau since sign error = (1 - tau) / 2
        Assert.Equal("""
            chart: Agreement of each measure with the gap
            x axis: statistic
            y axis: measure

            heatmap "agreement":
              y \ x                                        tau-b  Spearman  Psi  1 - 2·sign error
              PGDL_PACBAYES_MAG_ORIG_SHARPNESS_FLATNESS_0  -0.9   -0.81     -    -0.9
              PGDL_SPECTRAL_PRODUCT_DIST_FROM_INIT_1       -0.84  -0.756    -    -0.84
            """, heat);
        var quba = ChartFormatter.ToText(Charts.QubaContributions(ChartGallery.Quba()));
        Assert.Contains("y axis: dimension", quba);
        Assert.Contains("Calibration Error", quba);
    }

    [ChromiumFact]
    public void Every_chart_kind_draws_in_headless_chromium_with_axis_titles_and_no_clipped_labels()
    {
        var artifacts = Path.Combine(IpynbNotebookTests.RepositoryRoot(), "TestResults", "charts");
        Directory.CreateDirectory(artifacts);
        var file = Path.Combine(artifacts, "chart-gallery.html");
        ChartGallery.Report().AddHtml(CheckScript).Save(file, PlotlyScript.Embedded);
        var page = HeadlessChromium.Open(file, width: 1200, height: 9000);
        File.WriteAllBytes(Path.Combine(artifacts, "chart-gallery.png"), page.Screenshot);

        var m = Regex.Match(page.Dom, "<pre id=\"gaplab-chart-check\">(.*?)</pre>", RegexOptions.Singleline);
        Assert.True(m.Success, "the check script wrote no result; browser log:\n" + page.Log[..Math.Min(3000, page.Log.Length)]);
        File.WriteAllText(Path.Combine(artifacts, "chart-gallery-check.json"), WebUtility.HtmlDecode(m.Groups[1].Value));
        var check = JsonDocument.Parse(WebUtility.HtmlDecode(m.Groups[1].Value)).RootElement;
        Assert.False(check.GetProperty("pageOverflow").GetBoolean(), "the page scrolls sideways: a table or error line runs off it");
        var charts = check.GetProperty("charts").EnumerateArray().ToArray();
        var kinds = ChartGallery.Charts().Select(k => k.Kind).Append("XPlot chart").ToArray();
        Assert.Equal(kinds.Length, charts.Length);
        for (int i = 0; i < kinds.Length; i++)
        {
            var c = charts[i];
            string Say(string what) => $"{kinds[i]}: {what} ({c})";
            Assert.True(c.GetProperty("svg").GetBoolean(), Say("no drawn svg"));
            Assert.True(c.GetProperty("marks").GetInt32() > 0, Say("no marks"));
            Assert.NotEqual("", c.GetProperty("xtitle").GetString());
            Assert.NotEqual("", c.GetProperty("ytitle").GetString());
            Assert.True(c.GetProperty("clipped").GetArrayLength() == 0, Say("labels outside the chart"));
            Assert.False(c.GetProperty("coversNext").GetBoolean(), Say("covers the next paragraph"));
        }
        // integer axes: whole epochs and severities only
        foreach (var kind in new[] { "gap curves", "live training loss", "corruption curves" })
        {
            var ticks = charts[Array.IndexOf(kinds, kind)].GetProperty("xticks").EnumerateArray().Select(t => t.GetString()!).ToArray();
            Assert.NotEmpty(ticks);
            Assert.All(ticks, t => Assert.Matches("^[0-9]+$", t));
        }
        // bar charts and heat maps grow with their rows: 30 measures do not fit the default 450 px
        Assert.True(charts[Array.IndexOf(kinds, "tau bars")].GetProperty("height").GetInt32() >= Charts.RowsHeight(30));
        Assert.Contains("Calibration Error", charts[Array.IndexOf(kinds, "QUBA contributions")].GetProperty("yticks").EnumerateArray().Select(t => t.GetString()));
        var console = page.Log.Split('\n').Where(l => l.Contains("Uncaught", StringComparison.Ordinal)).ToList();
        Assert.True(console.Count == 0, "script errors:\n" + string.Join('\n', console));
    }

    [ChromiumFact]
    public void Ten_notebook_chart_outputs_of_one_session_draw_with_the_plotly_js_of_the_first_on_a_page_with_require_js_style_amd()
    {
        // what an executed .ipynb rendered to HTML looks like: the outputs in order, an AMD loader defined by the page (Jupyter's require.js)
        var session = new PlotlySession(PlotlyScript.Embedded);
        var outputs = Enumerable.Range(1, 10).Select(i => ChartFormatter.ToHtml(Charts.GapCurves([new(1, 0.1 * i, 0.3), new(2, 0.05, 0.2)]), session.Script)).ToList();
        var html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"/><script>window.define = function () {}; window.define.amd = {};</script></head><body>" +
                   string.Concat(outputs.Select(o => "<div class=\"output\">" + o + "</div>")) + CheckScript + "</body></html>";
        Assert.Equal(1, Regex.Count(html, Regex.Escape("plotly.js v2.28.0")));
        var artifacts = Path.Combine(IpynbNotebookTests.RepositoryRoot(), "TestResults", "charts");
        Directory.CreateDirectory(artifacts);
        var file = Path.Combine(artifacts, "notebook-ten-charts.html");
        File.WriteAllText(file, html);
        var page = HeadlessChromium.Open(file, width: 1000, height: 5000);
        File.WriteAllBytes(Path.Combine(artifacts, "notebook-ten-charts.png"), page.Screenshot);
        var m = Regex.Match(page.Dom, "<pre id=\"gaplab-chart-check\">(.*?)</pre>", RegexOptions.Singleline);
        Assert.True(m.Success, "the check script wrote no result");
        var charts = JsonDocument.Parse(WebUtility.HtmlDecode(m.Groups[1].Value)).RootElement.GetProperty("charts").EnumerateArray().ToArray();
        Assert.Equal(10, charts.Length);
        Assert.All(charts, c => Assert.True(c.GetProperty("svg").GetBoolean() && c.GetProperty("marks").GetInt32() > 0, c.ToString()));
    }
}
