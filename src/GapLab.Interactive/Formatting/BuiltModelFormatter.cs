using System.Globalization;
using GapLab.Models;
using static TorchSharp.torch;

namespace GapLab.Interactive.Formatting;

/// <summary>
/// Cell output for <see cref="BuiltModel"/>: a card (spec, input, trainable parameters, PyTorch equivalent) and the layer table
/// with output shapes, recorded by running one all-zero sample of the model's input through it (<see cref="ModuleSummary"/>).
/// </summary>
public static class BuiltModelFormatter
{
    public static string ToHtml(BuiltModel m) =>
        Html.Card(m.Spec, Fields(m).Select(f => (f.Key, Html.Encode(f.Value)))) + ModuleFormatter.ToHtml(Summary(m));

    public static string ToText(BuiltModel m) => Html.TextCard(m.Spec, Fields(m)) + Environment.NewLine + ModuleFormatter.ToText(Summary(m));

    /// <summary>The layer table with output shapes for a batch of one sample on the model's device.</summary>
    public static ModuleSummary Summary(BuiltModel m)
    {
        ArgumentNullException.ThrowIfNull(m);
        using var scope = NewDisposeScope();
        var device = m.Module.parameters().FirstOrDefault()?.device ?? CPU;
        return ModuleSummary.Of(m.Module, zeros(m.Input.BatchShape(1), device: device));
    }

    static IEnumerable<(string Key, string Value)> Fields(BuiltModel m)
    {
        yield return ("spec", m.Spec);
        yield return ("input", m.Input.ToString());
        yield return ("trainable parameters", m.ParameterCount.ToString("N0", CultureInfo.InvariantCulture));
        yield return ("PyTorch", m.PyTorchEquivalent);
    }
}
