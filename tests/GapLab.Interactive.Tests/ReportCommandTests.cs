using GapLab.Interactive.Commands;
using GapLab.Interactive.Magic;
using GapLab.Runtime;

namespace GapLab.Interactive.Tests;

public class ReportCommandTests
{
    public ReportCommandTests() => TorchRuntime.EnsureLoaded();

    static Dictionary<string, string?> Args(params (string, string?)[] pairs) => pairs.ToDictionary(p => p.Item1, p => p.Item2);

    static string TempFile() => Path.Combine(Directory.CreateTempSubdirectory("gaplab-report-").FullName, "r.html");

    [Fact]
    public void The_display_log_keeps_each_output_in_its_latest_state()
    {
        var log = new DisplayLog();
        var progress = log.Add("epoch 1/3");
        log.Add(42);
        progress.Update("epoch 3/3 done");
        Assert.Equal(["epoch 3/3 done", (object)42], log.Snapshot());
    }

    [Fact]
    public void The_display_log_keeps_the_latest_values_and_counts_the_ones_it_let_go()
    {
        var log = new DisplayLog(capacity: 3);
        var first = log.Add(1);
        for (int i = 2; i <= 5; i++) log.Add(i);
        first.Update(100); // a value already let go: harmless
        Assert.Equal([(object)3, 4, 5], log.Snapshot());
        Assert.Equal((3, 2), (log.Count, log.Dropped));
    }

    [Fact]
    public void The_display_log_keeps_a_shown_tensor_as_html_not_the_live_tensor()
    {
        var log = new DisplayLog();
        var t = TorchSharp.torch.ones(2, 3);
        log.Add(t);
        t.Dispose(); // the user disposes it: the log (and a later report) must not touch it
        var kept = Assert.IsType<GapLab.Interactive.Reports.RenderedHtml>(Assert.Single(log.Snapshot()));
        Assert.Matches("(?i)float32", kept.Html); // the tensor formatter ran while the tensor was alive
        Assert.Equal(kept.Html, GapLab.Interactive.Reports.ValueHtml.Render(kept));
    }

    [Fact]
    public async Task Report_writes_what_the_session_showed_with_provenance_from_the_device_command()
    {
        var registry = BuiltInCommands.CreateRegistry();
        var ctx = new RecordingMagicContext();
        Assert.True((await registry.InvokeAsync("device", Args(("--device", "cpu"), ("--threads", "1"), ("--seed", "4")), ctx)).Succeeded);
        Assert.True((await registry.InvokeAsync("model", Args(("--spec", "mlp:depth=1,width=8")), ctx)).Succeeded);
        var file = TempFile();
        var result = await registry.InvokeAsync("report", Args(("--out", file), ("--title", "My run"), ("--as", "saved")), ctx);

        Assert.True(result.Succeeded, result.Error);
        var saved = Assert.IsType<SavedReport>(ctx.Variables["saved"].Value);
        Assert.Equal((Path.GetFullPath(file), 2, new FileInfo(file).Length, "no charts"), (saved.Path, saved.Items, saved.Bytes, saved.PlotlyJs));
        var page = File.ReadAllText(file);
        Assert.Contains("<title>My run</title>", page);
        Assert.Contains("<caption>mlp:depth=1,dropout=0,width=8</caption>", page); // the model card
        Assert.Contains("<td>seeds</td><td>torch=4</td>", page);
        Assert.Contains("<td>device</td><td>cpu</td>", page);
        Assert.Contains($"<td>command</td><td>#!gaplab report --out {file} --title &quot;My run&quot;</td>", page);
        Assert.Equal(3, registry.Outputs.Count); // runtime, model, and now the saved report itself
    }

    [Fact]
    public async Task Vars_reports_the_named_variables_under_their_names()
    {
        var ctx = new RecordingMagicContext();
        ctx.Variables["answer"] = (42, typeof(int));
        ctx.Variables["note"] = ("gap is small", typeof(string));
        var file = TempFile();
        var result = await BuiltInCommands.CreateRegistry().InvokeAsync("report", Args(("--out", file), ("--vars", "answer, note")), ctx);
        Assert.True(result.Succeeded, result.Error);
        var page = File.ReadAllText(file);
        Assert.Contains("<h2>answer</h2>\n<div class=\"output\"><pre>42</pre></div>\n<h2>note</h2>\n<div class=\"output\"><pre>gap is small</pre></div>", page);
        Assert.Contains("<title>GapLab report</title>", page);
    }

    [Fact]
    public async Task A_users_own_Plotly_NET_chart_and_an_XPlot_chart_go_into_the_report_with_one_plotly_js()
    {
        var ctx = new RecordingMagicContext();
        var mine = Plotly.NET.CSharp.Chart.Column<double, string, string>([3.0, 5.0], Keys: new[] { "a", "b" }, Name: "mine");
        ctx.Variables["mine"] = (mine, typeof(Plotly.NET.GenericChart));
        ctx.Variables["old"] = (new XPlot.Plotly.PlotlyChart(), typeof(XPlot.Plotly.PlotlyChart));
        var file = TempFile();
        var result = await BuiltInCommands.CreateRegistry().InvokeAsync("report", Args(("--out", file), ("--vars", "mine,old"), ("--as", "saved")), ctx);
        Assert.True(result.Succeeded, result.Error);
        var page = File.ReadAllText(file);
        var body = page[page.IndexOf("</head>", StringComparison.Ordinal)..];
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(page, "plotly.js v2.28.0"));
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(body, "Plotly.newPlot"));
        Assert.Contains("bar &quot;mine&quot;:", body);                                 // the chart's text alternative
        Assert.Contains("\"title\":\"an XPlot chart\"", body);
        Assert.Equal(PlotlyScript.Default.Origin, ((SavedReport)ctx.Variables["saved"].Value!).PlotlyJs);
    }

    [Theory]
    [InlineData(null, "#!gaplab report: nothing has been shown in this session yet; run #!gaplab commands first, or name variables with --vars a,b.")]
    [InlineData("a b", "#!gaplab report: --vars 'a b' is not a C# variable name; give comma-separated names, e.g. --vars runs,chart.")]
    [InlineData(" , ", "#!gaplab report: --vars is empty; give comma-separated C# variable names, e.g. --vars runs,chart.")]
    [InlineData("missing", "#!gaplab report: --vars 'missing': no such variable in the C# kernel; create it first (run the cell that defines it).")]
    public async Task Bad_reports_fail_with_one_line_and_write_nothing(string? vars, string error)
    {
        var file = TempFile();
        var args = Args(("--out", file));
        if (vars is not null) args["--vars"] = vars;
        var result = await BuiltInCommands.CreateRegistry().InvokeAsync("report", args, new RecordingMagicContext());
        Assert.Equal(error, result.Error);
        Assert.False(File.Exists(file));
    }
}
