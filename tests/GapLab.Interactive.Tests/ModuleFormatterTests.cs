using GapLab.Interactive.Formatting;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Interactive.Tests;

public class ModuleFormatterTests
{
    public ModuleFormatterTests() => GapLab.Runtime.TorchRuntime.EnsureLoaded();

    static nn.Module<Tensor, Tensor> Mlp() => nn.Sequential(
        ("fc1", nn.Linear(4, 3)),
        ("act", nn.ReLU()),
        ("fc2", nn.Linear(3, 2)));

    [Fact]
    public void Layer_table_lists_types_own_parameter_counts_and_total()
    {
        using var model = Mlp();
        var html = ModuleFormatter.ToHtml(model);
        var rows = HtmlDocument.Rows(html);
        Assert.Equal(["Layer", "Type", "Output shape", "Parameters"], rows[0]);
        Assert.Equal(["fc1", "Linear", "—", "15"], rows[1]); // 4*3 weights + 3 biases
        Assert.Equal(["act", "ReLU", "—", "0"], rows[2]);
        Assert.Equal(["fc2", "Linear", "—", "8"], rows[3]);  // 3*2 + 2
        Assert.Equal("Total parameters: 23 (trainable 23)", HtmlDocument.Footer(html));
        Assert.Equal("Sequential", HtmlDocument.Caption(html));
    }

    [Fact]
    public void Example_input_gives_each_layer_its_output_shape_and_leaves_training_mode_alone()
    {
        using var model = Mlp();
        model.train();
        using var x = randn(5, 4);
        var summary = ModuleSummary.Of(model, x);
        Assert.Equal([[5, 3], [5, 3], [5, 2]], summary.Layers.Select(l => l.OutputShape!).ToArray());
        Assert.True(model.training);
        Assert.Equal([5, 4], summary.InputShape!);
        var rows = HtmlDocument.Rows(ModuleFormatter.ToHtml(summary));
        Assert.Equal("[5, 2]", rows[3][2]);
        Assert.Contains("(input [5, 4])", HtmlDocument.Caption(ModuleFormatter.ToHtml(summary)));
    }

    [Fact]
    public void Frozen_parameters_are_counted_in_total_but_not_trainable()
    {
        using var model = Mlp();
        foreach (var (name, p) in model.named_parameters())
            if (name.StartsWith("fc1", StringComparison.Ordinal)) p.requires_grad = false;
        var s = ModuleSummary.Of(model);
        Assert.Equal(23, s.TotalParameters);
        Assert.Equal(8, s.TrainableParameters);
        Assert.Contains("Total parameters: 23 (trainable 8)", ModuleFormatter.ToText(s));
    }

    [Fact]
    public void Nested_modules_are_listed_depth_first_with_dotted_names()
    {
        using var model = nn.Sequential(("block", nn.Sequential(("conv", nn.Conv2d(1, 2, 3)), ("act", nn.ReLU()))), ("flat", nn.Flatten()));
        using var x = zeros(1, 1, 5, 5);
        var s = ModuleSummary.Of(model, x);
        Assert.Equal(["block", "block.conv", "block.act", "flat"], s.Layers.Select(l => l.Name).ToArray());
        Assert.Equal([0, 1, 1, 0], s.Layers.Select(l => l.Depth).ToArray());
        Assert.Equal(1 * 2 * 3 * 3 + 2, s.Layers[1].Parameters);
        Assert.Equal([1, 2, 3, 3], s.Layers[1].OutputShape!);
        Assert.Equal([1, 18], s.Layers[3].OutputShape!);
    }
}
