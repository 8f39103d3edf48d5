using System.Text.RegularExpressions;
using GapLab.Interactive.Formatting;

namespace GapLab.Interactive.Tests;

public class PlotlyScriptTests
{
    [Fact]
    public void The_default_is_the_plotly_js_embedded_in_Plotly_NET()
    {
        var script = PlotlyScript.Find(null);
        Assert.Same(PlotlyScript.Embedded, script);
        Assert.False(script.IsPreloaded);
        Assert.Equal("Plotly.NET 6.0.0 (plotly.js 2.28.0, embedded)", script.Origin);
        Assert.Contains("plotly.js v2.28.0", script.InlineJs![..300]);
        Assert.True(script.InlineJs.Length > 3_000_000, $"embedded plotly.js has {script.InlineJs.Length} characters");
        Assert.StartsWith("<script>if (typeof window.Plotly === 'undefined') { (function (define, exports, module) {\n", script.Tag());
        Assert.DoesNotMatch(new Regex("<script[^>]*\\ssrc\\s*=", RegexOptions.IgnoreCase), script.Tag());
    }

    [Fact]
    public void A_file_is_inlined_inside_a_guard_that_hides_amd_and_escapes_script_ends()
    {
        var path = Path.Combine(Path.GetTempPath(), $"plotly-{Guid.NewGuid():N}.js");
        File.WriteAllText(path, "window.Plotly = { s: '</script>' };");
        try
        {
            var script = PlotlyScript.Find(path);
            Assert.Equal(Path.GetFullPath(path), script.Origin);
            Assert.Equal("<script>if (typeof window.Plotly === 'undefined') { (function (define, exports, module) {\n" +
                         "window.Plotly = { s: '<\\/script>' };\n})(undefined, undefined, undefined); }</script>", script.Tag());
            var html = ChartFormatter.ToHtml(Charts.GapCurves([new(1, 0.1, 0.2)]), script);
            Assert.Contains(script.Tag(), html);
            Assert.True(html.IndexOf(script.Tag(), StringComparison.Ordinal) < html.IndexOf("Plotly.newPlot", StringComparison.Ordinal));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_missing_file_is_an_error_naming_it()
    {
        var e = Assert.Throws<FileNotFoundException>(() => PlotlyScript.Find("/no/such/plotly.min.js"));
        Assert.Equal("GAPLAB_PLOTLY_JS names '/no/such/plotly.min.js', which does not exist; give the path of a plotly.min.js or unset it to use the copy embedded in Plotly.NET.", e.Message);
    }

    [Fact]
    public void A_session_sends_plotly_with_its_first_chart_only_and_again_after_a_reset()
    {
        var session = new PlotlySession(PlotlyScript.Embedded);
        var outputs = Enumerable.Range(1, 10).Select(i => ChartFormatter.ToHtml(Charts.GapCurves([new(1, 0.1 * i, 0.2), new(2, 0.05, 0.1)]), session.Script)).ToList();
        Assert.True(session.Sent);
        Assert.Contains(PlotlyScript.Embedded.Tag(), outputs[0]);
        Assert.All(outputs.Skip(1), o => Assert.DoesNotContain("typeof window.Plotly === 'undefined'", o));
        Assert.All(outputs, o => Assert.Contains("Plotly.newPlot", o));
        var notebook = string.Concat(outputs);
        Assert.Equal(1, Regex.Count(notebook, Regex.Escape("plotly.js v2.28.0")));        // ten charts, one plotly.js
        Assert.True(notebook.Length < PlotlyScript.Embedded.InlineJs!.Length + 10 * 20_000, $"{notebook.Length} characters for ten charts");

        session.Reset();
        Assert.False(session.Sent);
        Assert.Contains(PlotlyScript.Embedded.Tag(), ChartFormatter.ToHtml(Charts.GapCurves([new(1, 0.1, 0.2)]), session.Script));
        Assert.Throws<ArgumentException>(() => new PlotlySession(PlotlyScript.Preloaded));
    }

    [Fact]
    public void A_chart_without_plotly_on_the_page_waits_for_it_and_then_says_where_it_comes_from()
    {
        var html = ChartFormatter.ToHtml(Charts.GapCurves([new(1, 0.1, 0.2)]), PlotlyScript.Preloaded);
        Assert.Contains("if (window.Plotly) { draw(); return; }", html);
        Assert.Contains("setInterval(", html);
        Assert.Contains("plotly.js is not on this page: the first chart of the kernel session carries it.", html);
        Assert.Contains("GapLab.Interactive.PlotlySession.Current.Reset()", html);
    }

    [Fact]
    public void A_live_progress_output_carries_plotly_only_until_a_chart_that_stays_carries_it()
    {
        var session = new PlotlySession(PlotlyScript.Embedded);
        var view = new GapLab.Interactive.Commands.ProgressView("train", "epoch 2/5", 0.4, "") { Curve = [new(1, 0.9), new(2, 0.6)], PlannedEpochs = 5 };
        var first = ProgressFormatter.ToHtml(view, session.LiveScript);
        Assert.Contains(PlotlyScript.Embedded.Tag(), first);                    // nothing on the page yet
        Assert.Contains("Training loss per epoch (live)", first);
        Assert.DoesNotContain("typeof window.Plotly === 'undefined'", ProgressFormatter.ToHtml(view, session.LiveScript)); // redraws reuse it
        Assert.False(session.Sent);                                             // the live output will be replaced: it is not the carrier
        Assert.Contains(PlotlyScript.Embedded.Tag(), ChartFormatter.ToHtml(Charts.GapCurves([new(1, 0.1, 0.2)]), session.Script));
        Assert.True(session.Sent);
        Assert.DoesNotContain("typeof window.Plotly === 'undefined'", ChartFormatter.ToHtml(Charts.GapCurves([new(1, 0.1, 0.2)]), session.Script));
        Assert.DoesNotContain("<script", ProgressFormatter.ToHtml(view with { Curve = [] }, session.LiveScript)); // the finished view has no chart
    }
}
