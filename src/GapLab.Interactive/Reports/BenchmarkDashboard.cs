using System.Globalization;
using System.Net;
using System.Text;
using GapLab.Analysis;
using GapLab.Benchmarking;
using GapLab.Interactive.Commands;
using GapLab.Store;
using GapLab.IO;

namespace GapLab.Interactive.Reports;

/// <summary>
/// The offline HTML dashboard of a benchmark (one <see cref="HtmlReport"/>): per metric a small inline SVG time series over the evaluations
/// (value and bootstrap interval per model, regressions beyond tolerance in red), the table behind it, the data checks and each evaluation's provenance.
/// </summary>
public static class BenchmarkDashboard
{
    /// <summary>Writes the dashboard to <paramref name="path"/>; returns the full path.</summary>
    public static string Write(ResultStore store, string benchmark, string path, string commandLine) => Save(store, benchmark, path, commandLine).Path;

    /// <summary>Writes the dashboard to <paramref name="path"/>; returns what it holds (for the notebook's one-line summary).</summary>
    public static SavedDashboard Save(ResultStore store, string benchmark, string path, string commandLine)
    {
        var history = BenchmarkHistory.Compute(store, benchmark);
        var protocol = history.Benchmark.Protocol;
        var report = new HtmlReport($"Benchmark {benchmark}", new ReportProvenance(commandLine));
        report.AddMarkdown($"Version {history.Benchmark.Row.Version} (protocol `{history.Benchmark.Row.ProtocolHash[..12]}`), {history.Evaluations.Count} completed evaluation(s), " +
            $"{history.Points.Select(p => p.RunId).Distinct().Count()} model(s). {protocol.Description}\n\n" +
            $"Intervals: {protocol.Confidence:P0} percentile bootstrap over test images ({protocol.BootstrapResamples} resamples). A **regression** is a significant " +
            $"worsening against the previous evaluation larger than the tolerance {protocol.Tolerance.ToString(CultureInfo.InvariantCulture)}; " +
            "definitions in docs/benchmarks-over-time.md.");
        var regressions = history.Points.Where(p => p.Regression).ToList();
        report.AddHeading("Regressions");
        report.AddMarkdown(regressions.Count == 0 ? "None." : string.Join("\n", regressions.Select(r =>
            string.Create(CultureInfo.InvariantCulture, $"- **{r.Metric}** of `{r.RunId}` in {r.EvalId} ({r.DataLabel}): {r.DeltaVsPrevious:+0.0000;-0.0000}"))));
        report.AddHeading("Evaluations");
        report.Add(RecordFrame.ToDataFrame(history.Evaluations.Select(e => new { e.EvalId, e.Version, e.DataLabel, e.TestFingerprint, e.StartedUtc, e.FinishedUtc })));
        // the judged metrics in the protocol's order; drop_threshold has one series per corruption (drop_threshold:NAME)
        foreach (var metric in history.Points.Select(p => p.Metric).Distinct())
        {
            var points = history.Points.Where(p => p.Metric == metric).ToList();
            report.AddHeading(metric);
            if (metric == "quba" && history.QubaScale is { } scale)
                report.AddMarkdown($"{scale}. The interval holds the scale fixed (docs/benchmarks-over-time.md, QUBA in a benchmark); a dimension with a small deviation dominates every change.");
            if (metric.StartsWith(BenchmarkMetrics.DropThresholdPrefix + ":", StringComparison.Ordinal))
                report.AddMarkdown($"Drop threshold judged like every metric: a resample in which accuracy never falls {BenchmarkHistory.Drop.ToString(CultureInfo.InvariantCulture)} below clean " +
                    "counts as the highest severity of the protocol (so a change has the sign of the true change and at most its size). " +
                    "The uncensored thresholds with their open bounds: the section Corruption drop threshold.");
            report.AddHtml(Svg(points, history.Evaluations));
            report.Add(RecordFrame.ToDataFrame(points.Select(p => new { p.EvalId, p.DataLabel, p.RunId, p.Value, p.Low, p.High, p.DeltaVsPrevious, p.Verdict, p.Regression })));
        }
        if (history.Points.All(p => p.Metric != "quba") && history.QubaScale is { } whyNot) report.AddMarkdown(whyNot);
        if (history.DropThresholds.Count > 0)
        {
            report.AddHeading("Corruption drop threshold");
            report.AddMarkdown($"Per model and corruption: the interpolated severity at which accuracy first falls {BenchmarkHistory.Drop.ToString(CultureInfo.InvariantCulture)} below clean " +
                $"(empty: not within the protocol's severities), with its {protocol.Confidence:P0} percentile bootstrap interval over test images " +
                $"({protocol.BootstrapResamples} resamples, seed {protocol.Seeds[0]}; an empty bound lies beyond the highest severity, `unreached` is the share of " +
                "resamples in which accuracy never fell that far). A smaller value in a later evaluation means the model breaks sooner.");
            report.Add(RecordFrame.ToDataFrame(history.DropThresholds.Select(d => new { d.EvalId, d.DataLabel, d.RunId, d.Corruption, d.Severity, d.Low, d.High, d.Unreached })));
        }
        report.AddHeading("Data checks");
        if (history.DataChecks.Count == 0) report.AddMarkdown("No data checks recorded.");
        else report.Add(RecordFrame.ToDataFrame(history.DataChecks));
        AddFlaggedImages(report, new BenchmarkRegistry(store), history.Evaluations);
        report.AddHeading("Provenance of each evaluation");
        var sessions = store.Query("SELECT s.session_id, s.command_line, s.gaplab_version, s.git_commit, s.device, s.threads, s.datasets, s.started_utc, s.finished_utc " +
            "FROM sessions s WHERE s.session_id IN (SELECT session_id FROM benchmark_evaluations WHERE benchmark = $1) ORDER BY s.started_utc", benchmark);
        report.Add(sessions);
        var written = report.Save(path);
        return new SavedDashboard(written, benchmark, history.Evaluations.Count, regressions.Count, history.DataChecks.Count, new FileInfo(written).Length);
    }

    /// <summary>The checks whose images the dashboard shows, in this order.</summary>
    static readonly string[] FlaggedChecks = ["feature_drift", "label_noise", "exact_duplicates", "near_duplicates"];

    /// <summary>
    /// The images behind each evaluation's data checks (<see cref="BenchmarkImages.Load"/>: the most drifted, the label-noise suspects, duplicate
    /// pairs), as PNG grids; an evaluation whose data cannot be rebuilt any more (a folder gone) gets one line saying so.
    /// </summary>
    static void AddFlaggedImages(HtmlReport report, BenchmarkRegistry registry, IReadOnlyList<BenchmarkEvaluationRow> evaluations)
    {
        bool headed = false;
        foreach (var e in evaluations)
            foreach (var check in FlaggedChecks)
            {
                var rows = registry.FlaggedImages(e.EvalId, check);
                if (rows.Rows.Count == 0) continue;
                if (!headed) { report.AddHeading("Images behind the data checks"); headed = true; }
                try
                {
                    var shown = BenchmarkImages.Load(registry, e, check, rows);
                    using (shown.Images)
                        report.AddHtml($"<p>{WebUtility.HtmlEncode(shown.ToString())}{Legend(check)}</p>" +
                            shown.GridHtml());
                }
                catch (Exception x) when (x is IOException or ArgumentException or InvalidDataException)
                {
                    report.AddMarkdown($"{check} in {e.EvalId}: {rows.Rows.Count} flagged; the images cannot be shown ({x.Message}).");
                }
            }
    }

    static string Legend(string check) => check switch
    {
        "label_noise" => " (caption: test image, given label → the class the models are confident of)",
        "feature_drift" => " (caption: test image, MMD witness value; most drifted first)",
        _ => " (each test image, then its copy with their RMS pixel distance)",
    };

    static readonly string[] Colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>Value and interval per evaluation (x) and model (colour); regressions drawn as red rings.</summary>
    static string Svg(IReadOnlyList<MetricPoint> points, IReadOnlyList<BenchmarkEvaluationRow> evaluations)
    {
        const int w = 640, h = 220, left = 60, right = 20, top = 10, bottom = 40;
        double lo = points.Min(p => double.IsFinite(p.Low) ? p.Low : p.Value), hi = points.Max(p => double.IsFinite(p.High) ? p.High : p.Value);
        if (hi - lo < 1e-9) { lo -= 0.01; hi += 0.01; }
        var order = evaluations.Select((e, i) => (e.EvalId, i)).ToDictionary(t => t.EvalId, t => t.i);
        int n = Math.Max(evaluations.Count, 1);
        double X(string id, int model, int models) => left + (w - left - right) * (order[id] + 0.5) / n + (model - (models - 1) / 2.0) * 6;
        double Y(double v) => top + (h - top - bottom) * (1 - (v - lo) / (hi - lo));
        string F(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);
        var sb = new StringBuilder($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" role=\"img\" class=\"benchmark-series\">");
        sb.Append($"<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{h - bottom}\" stroke=\"#999\"/><line x1=\"{left}\" y1=\"{h - bottom}\" x2=\"{w - right}\" y2=\"{h - bottom}\" stroke=\"#999\"/>");
        foreach (var v in new[] { lo, (lo + hi) / 2, hi })
            sb.Append($"<text x=\"{left - 4}\" y=\"{F(Y(v) + 4)}\" font-size=\"10\" text-anchor=\"end\">{v.ToString("0.000", CultureInfo.InvariantCulture)}</text>");
        foreach (var e in evaluations)
            sb.Append($"<text x=\"{F(X(e.EvalId, 0, 1))}\" y=\"{h - bottom + 14}\" font-size=\"9\" text-anchor=\"middle\">{WebUtility.HtmlEncode(e.DataLabel.Length > 24 ? e.DataLabel[..24] : e.DataLabel)}</text>");
        var models = points.Select(p => p.RunId).Distinct().ToList();
        for (int m = 0; m < models.Count; m++)
        {
            string color = Colors[m % Colors.Length];
            var series = points.Where(p => p.RunId == models[m]).OrderBy(p => order[p.EvalId]).ToList();
            if (series.Count > 1)
                sb.Append($"<polyline fill=\"none\" stroke=\"{color}\" points=\"{string.Join(" ", series.Select(p => $"{F(X(p.EvalId, m, models.Count))},{F(Y(p.Value))}"))}\"/>");
            foreach (var p in series)
            {
                double x = X(p.EvalId, m, models.Count);
                if (double.IsFinite(p.Low) && double.IsFinite(p.High))
                    sb.Append($"<line x1=\"{F(x)}\" y1=\"{F(Y(p.Low))}\" x2=\"{F(x)}\" y2=\"{F(Y(p.High))}\" stroke=\"{color}\"/>");
                sb.Append($"<circle cx=\"{F(x)}\" cy=\"{F(Y(p.Value))}\" r=\"3\" fill=\"{color}\"><title>{WebUtility.HtmlEncode($"{p.RunId} {p.EvalId}: {p.Value:F4} [{p.Low:F4}, {p.High:F4}] {p.Verdict}")}</title></circle>");
                if (p.Regression) sb.Append($"<circle cx=\"{F(x)}\" cy=\"{F(Y(p.Value))}\" r=\"7\" fill=\"none\" stroke=\"#d62728\" stroke-width=\"2\" class=\"regression\"/>");
            }
            sb.Append($"<text x=\"{w - right}\" y=\"{top + 12 * (m + 1)}\" font-size=\"10\" text-anchor=\"end\" fill=\"{color}\">{WebUtility.HtmlEncode(models[m])}</text>");
        }
        return sb.Append("</svg>").ToString();
    }
}
