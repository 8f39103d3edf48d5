using GapLab.Interactive.Formatting;

namespace GapLab.Interactive.Tests;

public class PlotlyScriptTests
{
    [Fact]
    public void A_file_is_inlined_inside_a_guard_that_hides_amd_and_escapes_script_ends()
    {
        var path = Path.Combine(Path.GetTempPath(), $"plotly-{Guid.NewGuid():N}.js");
        File.WriteAllText(path, "window.Plotly = { s: '</script>' };");
        try
        {
            var script = PlotlyScript.Find(path);
            Assert.True(script.IsInline);
            Assert.Equal(Path.GetFullPath(path), script.Origin);
            Assert.Equal("<script>if (typeof window.Plotly === 'undefined') { (function (define, exports, module) {\n" +
                         "window.Plotly = { s: '<\\/script>' };\n})(undefined, undefined, undefined); }</script>", script.Tag());
            var chart = Charts.GapCurves([new(1, 0.1, 0.2)]);
            var html = ChartFormatter.ToHtml(chart, script);
            Assert.StartsWith(script.Tag(), html);
            Assert.DoesNotContain("cdn.plot.ly", html);
            Assert.Contains("Plotly.newPlot", html);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Cdn_mode_loads_the_url_and_says_how_to_get_offline_charts()
    {
        var script = PlotlyScript.Find("cdn");
        Assert.False(script.IsInline);
        Assert.Equal(PlotlyScript.CdnUrl, script.Url);
        Assert.StartsWith($"<script src=\"{PlotlyScript.CdnUrl}\"></script>", script.Tag());
        Assert.Contains("npm install plotly.js-dist-min@2", script.Tag());
        Assert.Contains(PlotlyScript.EnvironmentVariable, script.Tag());
    }

    [Fact]
    public void A_missing_file_is_an_error_naming_it()
    {
        var e = Assert.Throws<FileNotFoundException>(() => PlotlyScript.Find("/no/such/plotly.min.js"));
        Assert.Equal("GAPLAB_PLOTLY_JS names '/no/such/plotly.min.js', which does not exist; give the path of plotly.min.js or \"cdn\".", e.Message);
    }

    [Fact]
    public void Without_a_setting_the_embedded_copy_is_used_when_the_build_found_one()
    {
        var script = PlotlyScript.Find(null);
        Assert.Equal(PlotlyScript.HasEmbeddedResource, script.IsInline);
        if (script.IsInline)
        {
            Assert.Equal("embedded resource", script.Origin);
            Assert.Contains("plotly.js v2", script.InlineJs![..200]);
        }
        else Assert.Equal(PlotlyScript.CdnUrl, script.Url);
    }
}
