using GapLab.Benchmarking;
using Plotly.NET;

namespace GapLab.Interactive;

public static partial class Charts
{
    /// <summary>
    /// One benchmark metric over the completed evaluations (x: evaluation, oldest first, labelled by its data version): one line per model
    /// with the bootstrap interval as error bars; regressions beyond the tolerance are ringed in red. <c>drop_threshold</c> draws the drop
    /// threshold of every corruption (one line per model and corruption; <c>drop_threshold:NAME</c> one corruption).
    /// </summary>
    public static GenericChart BenchmarkSeries(IReadOnlyList<MetricPoint> points, string metric, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        bool family = metric == BenchmarkMetrics.DropThresholdPrefix;
        var series = points.Where(p => (p.Metric == metric || family && p.Metric.StartsWith(metric + ":", StringComparison.Ordinal)) && double.IsFinite(p.Value)).ToList();
        if (series.Count == 0)
            throw new ArgumentException($"BenchmarkSeries: no value of '{metric}' in the history; metrics there: {string.Join(", ", points.Select(p => p.Metric).Distinct())}.");
        var evaluations = series.OrderBy(p => p.StartedUtc).ThenBy(p => p.EvalId, StringComparer.Ordinal).Select(p => p.EvalId).Distinct().ToList();
        var labels = evaluations.ToDictionary(e => e, e => $"{evaluations.IndexOf(e) + 1}: {series.First(p => p.EvalId == e).DataLabel}");
        var traces = new List<GenericChart>();
        foreach (var model in series.GroupBy(p => family ? $"{p.RunId} {p.Metric[(metric.Length + 1)..]}" : p.RunId))
        {
            var ordered = model.OrderBy(p => evaluations.IndexOf(p.EvalId)).ToArray();
            var line = Lines(model.Key, ordered.Select(p => labels[p.EvalId]), ordered.Select(p => p.Value));
            WithErrorBars(line, "error_y", ordered.Select(p => p.Value), ordered.Select(p => p.Low), ordered.Select(p => p.High));
            traces.Add(line);
        }
        var regressions = series.Where(p => p.Regression).ToArray();
        if (regressions.Length > 0)
        {
            var ringed = Scatter("regression beyond tolerance", regressions.Select(p => labels[p.EvalId]), regressions.Select(p => p.Value),
                StyleParam.Mode.Markers, regressions.Select(p => p.RunId));
            foreach (var trace in GenericChart.getTraces(ringed))
                trace.SetProperty("marker", new Dictionary<string, object>
                {
                    ["size"] = 16, ["color"] = "rgba(0,0,0,0)", ["line"] = new Dictionary<string, object> { ["color"] = "#d62728", ["width"] = 2 },
                });
            traces.Add(ringed);
        }
        return Styled(Plotly.NET.CSharp.Chart.Combine(traces), title ?? $"{metric} over the evaluations (95% bootstrap intervals{(family ? "; unreached = highest severity" : "")})",
            new ChartAxis("evaluation (data version)", "category"), new ChartAxis(metric));
    }
}
