using GapLab.Benchmarking;
using XPlot.Plotly;

namespace GapLab.Interactive;

public static partial class Charts
{
    /// <summary>
    /// One benchmark metric over the completed evaluations (x: evaluation, oldest first, labelled by its data version): one line per model
    /// with the bootstrap interval as error bars; regressions beyond the tolerance are ringed in red.
    /// </summary>
    public static PlotlyChart BenchmarkSeries(IReadOnlyList<MetricPoint> points, string metric, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        var series = points.Where(p => p.Metric == metric && double.IsFinite(p.Value)).ToList();
        if (series.Count == 0)
            throw new ArgumentException($"BenchmarkSeries: no value of '{metric}' in the history; metrics there: {string.Join(", ", points.Select(p => p.Metric).Distinct())}.");
        var evaluations = series.OrderBy(p => p.StartedUtc).ThenBy(p => p.EvalId, StringComparer.Ordinal).Select(p => p.EvalId).Distinct().ToList();
        var labels = evaluations.ToDictionary(e => e, e => $"{evaluations.IndexOf(e) + 1}: {series.First(p => p.EvalId == e).DataLabel}");
        var traces = new List<Trace>();
        foreach (var model in series.GroupBy(p => p.RunId))
        {
            var ordered = model.OrderBy(p => evaluations.IndexOf(p.EvalId)).ToArray();
            traces.Add(new Scatter
            {
                name = model.Key,
                x = ordered.Select(p => labels[p.EvalId]).ToArray(),
                y = ordered.Select(p => p.Value).ToArray(),
                mode = "lines+markers",
                error_y = new Error_y
                {
                    type = "data",
                    symmetric = false,
                    array = ordered.Select(p => double.IsFinite(p.High) ? p.High - p.Value : 0).ToArray(),
                    arrayminus = ordered.Select(p => double.IsFinite(p.Low) ? p.Value - p.Low : 0).ToArray(),
                },
            });
        }
        var regressions = series.Where(p => p.Regression).ToArray();
        if (regressions.Length > 0)
            traces.Add(new Scatter
            {
                name = "regression beyond tolerance",
                x = regressions.Select(p => labels[p.EvalId]).ToArray(),
                y = regressions.Select(p => p.Value).ToArray(),
                text = regressions.Select(p => p.RunId).ToArray(),
                mode = "markers",
                marker = new Marker { size = 16, color = "rgba(0,0,0,0)", line = new Line { color = "#d62728", width = 2 } },
            });
        return Layout(Chart.Plot(traces), title ?? $"{metric} over the evaluations (95% bootstrap intervals)", "evaluation (data version)", metric, xType: "category");
    }
}
