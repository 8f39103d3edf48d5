using GapLab.Data;
using GapLab.Interactive.Commands;
using GapLab.Interactive.Magic;
using GapLab.Metrics;
using GapLab.Models;
using GapLab.Suites;
using GapLab.Training;
using GapLab.Runtime;
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;
using XPlot.Plotly;
using static TorchSharp.torch;

namespace GapLab.Interactive.Formatting;

/// <summary>
/// Registers GapLab's text/html and text/plain formatters with .NET Interactive. Called once by <c>extension.dib</c>;
/// calling it again re-registers the same functions (the latest registration wins).
/// </summary>
public static class GapLabFormatters
{
    public const string Html = "text/html";
    public const string PlainText = "text/plain";

    /// <summary>The types that get GapLab formatters.</summary>
    public static IReadOnlyList<Type> FormattedTypes { get; } =
    [
        typeof(Tensor), typeof(nn.Module), typeof(ModuleSummary), typeof(DataFrame), typeof(RuntimeInfo),
        typeof(Dataset), typeof(DatasetSplit), typeof(DatasetSummary), typeof(DatasetSplitSummary), typeof(MagicHelp), typeof(PlotlyChart),
        typeof(ProgressView), typeof(TrainResult), typeof(IReadOnlyList<RunRecord>), typeof(BuiltModel), typeof(GeneralizationGap),
    ];

    public static void Register()
    {
        Both<Tensor>(TensorFormatter.ToHtml, TensorFormatter.ToText);
        Both<nn.Module>(ModuleFormatter.ToHtml, ModuleFormatter.ToText);
        Both<ModuleSummary>(ModuleFormatter.ToHtml, ModuleFormatter.ToText);
        Both<DataFrame>(DataFrameFormatter.ToHtml, DataFrameFormatter.ToText);
        Both<RuntimeInfo>(RuntimeInfoFormatter.ToHtml, RuntimeInfoFormatter.ToText);
        Both<Dataset>(DatasetFormatter.ToHtml, DatasetFormatter.ToText);
        Both<DatasetSplit>(DatasetFormatter.ToHtml, DatasetFormatter.ToText);
        Both<DatasetSummary>(DatasetFormatter.ToHtml, DatasetFormatter.ToText);
        Both<DatasetSplitSummary>(DatasetFormatter.ToHtml, DatasetFormatter.ToText);
        Both<MagicHelp>(h => "<pre>" + Formatting.Html.Encode(h.Text) + "</pre>", h => h.Text);
        Formatter.Register<PlotlyChart>(ChartFormatter.ToHtml, Html);
        Both<ProgressView>(ProgressFormatter.ToHtml, ProgressFormatter.ToText);
        Both<TrainResult>(TrainResultFormatter.ToHtml, TrainResultFormatter.ToText);
        Both<IReadOnlyList<RunRecord>>(RunRecordsFormatter.ToHtml, RunRecordsFormatter.ToText);
        Both<BuiltModel>(BuiltModelFormatter.ToHtml, BuiltModelFormatter.ToText);
        Both<GeneralizationGap>(GapFormatter.ToHtml, GapFormatter.ToText);
    }

    static void Both<T>(Func<T, string> html, Func<T, string> text)
    {
        Formatter.Register<T>(html, Html);
        Formatter.Register<T>(text, PlainText);
    }
}
