using GapLab.Analysis;
using GapLab.Data;
using GapLab.Interactive.Commands;
using GapLab.Interactive.Magic;
using GapLab.Metrics;
using GapLab.Metrics.Complexity;
using GapLab.Metrics.Similarity;
using GapLab.Models;
using GapLab.Suites;
using GapLab.Testbed;
using GapLab.Training;
using GapLab.Runtime;
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;
using static TorchSharp.torch;
using GapLab.Store;

namespace GapLab.Interactive.Formatting;

/// <summary>
/// GapLab's text/html and text/plain formatters, one entry per type; every output of a type with both carries both. <see cref="Register"/> hands them to .NET Interactive
/// (called once by <c>extension.dib</c>; calling it again re-registers the same functions, the latest registration wins; charts get
/// plotly.js once per kernel session through <see cref="PlotlySession.Current"/>);
/// <see cref="ToHtml"/> applies them without the kernel (e.g. for HTML reports).
/// </summary>
public static class GapLabFormatters
{
    public const string Html = "text/html";
    public const string PlainText = "text/plain";

    /// <summary>One formatted type: its HTML (with plotly.js from the given script) and optional plain text.</summary>
    public sealed record Entry(Type Type, Func<object, PlotlyScript, string> ToHtml, Func<object, string>? ToText, Action Register);

    public static IReadOnlyList<Entry> Entries { get; } =
    [
        Both<Tensor>(TensorFormatter.ToHtml, TensorFormatter.ToText),
        Both<nn.Module>(ModuleFormatter.ToHtml, ModuleFormatter.ToText),
        Both<ModuleSummary>(ModuleFormatter.ToHtml, ModuleFormatter.ToText),
        Both<DataFrame>(DataFrameFormatter.ToHtml, DataFrameFormatter.ToText),
        Both<RuntimeInfo>(RuntimeInfoFormatter.ToHtml, RuntimeInfoFormatter.ToText),
        Both<Dataset>(DatasetFormatter.ToHtml, DatasetFormatter.ToText),
        Both<DatasetSplit>(DatasetFormatter.ToHtml, DatasetFormatter.ToText),
        Both<DatasetSummary>(DatasetFormatter.ToHtml, DatasetFormatter.ToText),
        Both<DatasetSplitSummary>(DatasetFormatter.ToHtml, DatasetFormatter.ToText),
        Both<MagicHelp>(h => "<pre>" + Formatting.Html.Encode(h.Text) + "</pre>", h => h.Text),
        WithCharts<GenericChart>(ChartFormatter.ToHtml, ChartFormatter.ToText),
        WithCharts<ProgressView>(ProgressFormatter.ToHtml, ProgressFormatter.ToText, live: true),
        WithCharts<TrainResult>(TrainResultFormatter.ToHtml, TrainResultFormatter.ToText),
        Both<IReadOnlyList<RunRecord>>(RunRecordsFormatter.ToHtml, RunRecordsFormatter.ToText),
        Both<BuiltModel>(BuiltModelFormatter.ToHtml, BuiltModelFormatter.ToText),
        Both<GeneralizationGap>(GapFormatter.ToHtml, GapFormatter.ToText),
        WithCharts<GapLab.Quality.QualityReport>(QualityReportFormatter.ToHtml, QualityReportFormatter.ToText),
        Both<TestbedResult>(TestbedResultFormatter.ToHtml, TestbedResultFormatter.ToText),
        Both<IReadOnlyList<MeasureCorrelation>>(CorrelationTableFormatter.ToHtml, CorrelationTableFormatter.ToText),
        Both<IReadOnlyList<MeasureValue>>(MeasureValuesFormatter.ToHtml, MeasureValuesFormatter.ToText),
        Both<SetDiversityResult>(SetDiversityFormatter.ToHtml, SetDiversityFormatter.ToText),
        Both<BenchmarkImages>(BenchmarkImages.ToHtml, BenchmarkImages.ToText),
    ];

    /// <summary>The types that get GapLab formatters.</summary>
    public static IReadOnlyList<Type> FormattedTypes { get; } = Entries.Select(e => e.Type).ToArray();

    public static void Register()
    {
        // Loading the extension loads libtorch through GapLab's loader (libstdc++ work-around included), so that plain TorchSharp
        // calls in the notebook's next cells work too: TorchSharp's own loader fails there and leaves the kernel unable to load torch.
        TorchRuntime.EnsureLoaded();
        foreach (var entry in Entries) entry.Register();
    }

    /// <summary>
    /// The GapLab HTML of <paramref name="value"/> (the entry of the most derived matching type), with plotly.js from
    /// <paramref name="plotly"/>; null when no GapLab formatter applies.
    /// </summary>
    public static string? ToHtml(object value, PlotlyScript plotly)
    {
        ArgumentNullException.ThrowIfNull(value);
        var matches = Entries.Where(e => e.Type.IsInstanceOfType(value)).ToList();
        var best = matches.FirstOrDefault(m => !matches.Any(o => o != m && m.Type.IsAssignableFrom(o.Type)));
        return best?.ToHtml(value, plotly);
    }

    static Entry Both<T>(Func<T, string> html, Func<T, string>? text) => WithCharts<T>((v, _) => html(v), text);

    /// <summary>An entry whose HTML may hold charts; <paramref name="live"/>: the output is redrawn in place (see <see cref="PlotlySession.LiveScript"/>).</summary>
    static Entry WithCharts<T>(Func<T, PlotlyScript, string> html, Func<T, string>? text, bool live = false) => new(typeof(T),
        (v, plotly) => html((T)v, plotly),
        text is null ? null : v => text((T)v),
        () =>
        {
            Formatter.Register<T>(v => html(v, live ? PlotlySession.Current.LiveScript : PlotlySession.Current.Script), Html);
            if (text is null) return;
            Formatter.Register<T>(text, PlainText);
            // both representations in every output (displayed values, cell results, progress updates): text-only front ends
            // and diff tools show the text, notebooks the HTML
            Formatter.SetPreferredMimeTypesFor(typeof(T), Html, PlainText);
        });
}
