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
        Assert.Equal(ChartFormatter.ToHtml(chart), chart.ToDisplayString("text/html"));
    }
}
