using System.Globalization;
using static TorchSharp.torch;

namespace GapLab.Interactive.Formatting;

/// <summary>Cell output for TorchSharp modules: layer table (name, type, output shape, parameters) with totals.</summary>
public static class ModuleFormatter
{
    public static string ToHtml(nn.Module module) => ToHtml(ModuleSummary.Of(module));

    public static string ToHtml(ModuleSummary s)
    {
        var rows = s.Layers.Select(l => (IReadOnlyList<string>)[
            $"<span style=\"padding-left:{l.Depth}em\">{Html.Encode(l.Name)}</span>",
            Html.Encode(l.Type),
            Html.Encode(l.OutputShapeText),
            Count(l.Parameters)]);
        var caption = Html.Encode(s.Type) + (s.InputShape is null ? "" : Html.Encode($" (input [{string.Join(", ", s.InputShape)}])"));
        return Html.Table(["Layer", "Type", "Output shape", "Parameters"], rows, caption,
            footer: $"Total parameters: {Count(s.TotalParameters)} (trainable {Count(s.TrainableParameters)})");
    }

    public static string ToText(nn.Module module) => ToText(ModuleSummary.Of(module));

    public static string ToText(ModuleSummary s)
    {
        var lines = s.Layers.Select(l => $"  {new string(' ', 2 * l.Depth)}{l.Name,-24} {l.Type,-16} {l.OutputShapeText,-18} {Count(l.Parameters),12}");
        return string.Join(Environment.NewLine,
            new[] { s.Type }.Concat(lines).Append($"Total parameters: {Count(s.TotalParameters)} (trainable {Count(s.TrainableParameters)})"));
    }

    static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
