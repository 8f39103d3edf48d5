using GapLab.Interactive.Formatting;
using GapLab.Runtime;
using Microsoft.DotNet.Interactive.Formatting;
using static TorchSharp.torch;

namespace GapLab.Interactive.Tests;

public class FormatterRegistrationTests
{
    public FormatterRegistrationTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Registered_formatters_are_what_the_kernel_uses_for_html_and_plain_text()
    {
        GapLabFormatters.Register();
        using var t = tensor(new float[] { 1, 2, 3 });
        Assert.Equal(TensorFormatter.ToHtml(t), t.ToDisplayString("text/html"));
        Assert.Equal(TensorFormatter.ToText(t), t.ToDisplayString("text/plain"));
        var info = new RuntimeInfo("cpu", "cpu", 1, 0, "a", "b", "c", "d", "e", 1);
        Assert.Equal(RuntimeInfoFormatter.ToHtml(info), info.ToDisplayString("text/html"));
        using var model = nn.Linear(2, 1);
        Assert.Equal(ModuleFormatter.ToHtml(model), ((object)model).ToDisplayString("text/html"));
        var chart = Charts.GapCurves([new(1, 0.1, 0.2)]);
        // chart ids are random, and plotly.js comes with the first chart of the session only
        static string Normalized(string html) => System.Text.RegularExpressions.Regex.Replace(
            html.Replace(PlotlyScript.Default.Tag(), ""), "gaplab-chart-[0-9a-f]{16}", "gaplab-chart-ID");
        Assert.Equal(Normalized(ChartFormatter.ToHtml(chart, PlotlyScript.Preloaded)), Normalized(chart.ToDisplayString("text/html")));
        Assert.Equal(ChartFormatter.ToText(chart), chart.ToDisplayString("text/plain"));
    }
}
