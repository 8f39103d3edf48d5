using GapLab.Metrics.Correlation;
using GapLab.Store;

namespace GapLab.Benchmarking;

/// <summary>
/// Every metric of every model over a benchmark's completed evaluations, oldest first: the value with its bootstrap interval, and the
/// change and verdict against the previous evaluation (<see cref="BenchmarkComparer"/>); the corruption drop threshold of every model and
/// corruption per evaluation with its bootstrap interval (<see cref="DropThresholdPoint"/>, drop <see cref="Drop"/>); plus each evaluation's data checks and session.
/// </summary>
public static class BenchmarkHistory
{
    /// <summary>The accuracy drop (absolute, below clean) of the drop threshold, as in <c>gaplab quality</c>.</summary>
    public const double Drop = 0.1;

    /// <summary>The history; <see cref="QubaScale"/> describes QUBA's frozen scale, or says why QUBA is not judged (null when the protocol has no QUBA).</summary>
    public sealed record Result(BenchmarkVersion Benchmark, IReadOnlyList<BenchmarkEvaluationRow> Evaluations, IReadOnlyList<MetricPoint> Points,
        IReadOnlyList<BenchmarkComparison> Comparisons, IReadOnlyList<BenchmarkDataCheckRow> DataChecks, IReadOnlyList<DropThresholdPoint> DropThresholds,
        string? QubaScale = null);

    public static Result Compute(ResultStore store, string benchmark)
    {
        var registry = new BenchmarkRegistry(store);
        var version = registry.Require(benchmark);
        var protocol = version.Protocol;
        var evaluations = registry.Evaluations(benchmark).Where(e => e.Outcome() == BenchmarkStatus.Completed).ToList();
        var loaded = evaluations.Select(e => registry.Load(e.EvalId, 0)).ToList();
        (QubaScale? Scale, string? WhyNot) scale = evaluations.Count == 0 || !protocol.Metrics.Contains("quba") ? (null, null)
            : BenchmarkMetrics.QubaScaleOf(loaded[0], evaluations[0].EvalId);
        var comparisons = new List<BenchmarkComparison>();
        for (int i = 1; i < evaluations.Count; i++)
            comparisons.Add(BenchmarkComparer.Compare(version, evaluations[i - 1], evaluations[i], loaded[i - 1], loaded[i], quba: scale));
        var metrics = BenchmarkMetrics.For(protocol, scale.Scale);
        var points = new List<MetricPoint>();
        for (int i = 0; i < evaluations.Count; i++)
        {
            var e = evaluations[i];
            int classes = loaded[i].SelectMany(m => m.Clean.Labels.Concat(m.Clean.Predicted)).DefaultIfEmpty(0).Max() + 1;
            foreach (var m in loaded[i].Select(m => m with { Classes = classes }))
                foreach (var metric in metrics)
                {
                    var ci = BootstrapInterval.OverUnits(m.Clean.Count, idx => metric.Compute(m, idx), protocol.BootstrapResamples, protocol.Seeds[0], protocol.Confidence);
                    if (double.IsNaN(ci.Estimate)) continue;
                    var change = i == 0 ? null : comparisons[i - 1].Changes.FirstOrDefault(c => c.RunId == m.RunId && c.Metric == metric.Name);
                    points.Add(new MetricPoint(e.EvalId, e.StartedUtc, e.DataLabel, e.Version, m.RunId, metric.Name, metric.HigherIsBetter, ci.Estimate, ci.Low, ci.High,
                        change?.Delta, change?.Verdict, change?.BeyondTolerance ?? false));
                }
        }
        var checks = evaluations.SelectMany(e => ReadChecks(registry, e.EvalId)).ToList();
        var drops = evaluations.SelectMany((e, i) => loaded[i].SelectMany(m => DropThresholds(e, m, protocol))).ToList();
        return new Result(version, evaluations, points, comparisons, checks, drops, scale.Scale?.Describe() ?? scale.WhyNot);
    }

    /// <summary>
    /// The drop threshold of each corruption of the protocol for one model in one evaluation (none without corruption sets), with its
    /// percentile-bootstrap interval over test images (the protocol's resamples, first seed and confidence): every resample draws one
    /// multiset of image indices and recomputes the clean and every corrupted accuracy on it (the sets hold the same images), then the
    /// threshold. A resample in which accuracy never falls that far counts as beyond the highest severity, so a bound there is null.
    /// </summary>
    public static IEnumerable<DropThresholdPoint> DropThresholds(BenchmarkEvaluationRow evaluation, ModelEvaluation model, BenchmarkProtocol protocol)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        var sets = model.TestSets.Where(kv => BenchmarkTestSets.IsCorruption(kv.Key))
            .Select(kv => (Key: BenchmarkTestSets.ParseCorruption(kv.Key), Predictions: kv.Value)).ToList();
        if (sets.Count == 0) return [];
        int n = model.Clean.Count;
        foreach (var s in sets)
            if (s.Predictions.Count != n)
                throw new InvalidDataException($"run '{model.RunId}': {s.Predictions.Count} predictions on {s.Key.Name} severity {s.Key.Severity}, {n} on the clean set.");
        Quality.CorruptionDropThresholdResult At(int[] idx) => Quality.CorruptionDropThreshold.Compute(new Quality.CorruptionAccuracyTable(model.RunId,
            model.Clean.Accuracy(idx), sets.Select(s => new Quality.CorruptionAccuracy(s.Key.Name, s.Key.Severity, s.Predictions.Accuracy(idx))).ToList(), n, evaluation.Seed), Drop);
        var point = At(Enumerable.Range(0, n).ToArray());
        var replicates = point.Severity.Keys.ToDictionary(c => c, _ => new List<double>(protocol.BootstrapResamples));
        var rng = new Random(protocol.Seeds[0]);
        var draw = new int[n];
        for (int b = 0; b < protocol.BootstrapResamples; b++)
        {
            for (int i = 0; i < n; i++) draw[i] = rng.Next(n);
            foreach (var (c, s) in At(draw).Severity) replicates[c].Add(s ?? double.PositiveInfinity);
        }
        double alpha = 1 - protocol.Confidence;
        return point.Severity.Select(kv =>
        {
            var r = replicates[kv.Key];
            r.Sort();
            return new DropThresholdPoint(evaluation.EvalId, evaluation.StartedUtc, evaluation.DataLabel, model.RunId, kv.Key, Drop, kv.Value,
                Finite(Percentile(r, 100 * alpha / 2)), Finite(Percentile(r, 100 * (1 - alpha / 2))),
                r.Count(double.IsPositiveInfinity) / (double)r.Count, protocol.BootstrapResamples, protocol.Seeds[0], protocol.Confidence);
        }).ToList();
    }

    static double? Finite(double v) => double.IsFinite(v) ? v : null;

    /// <summary>Linear-interpolated percentile of sorted values that may end in +infinity (a position touching an infinite value is infinite).</summary>
    internal static double Percentile(IReadOnlyList<double> sorted, double q)
    {
        double pos = q / 100 * (sorted.Count - 1);
        int lo = (int)Math.Floor(pos), hi = Math.Min(lo + 1, sorted.Count - 1);
        double frac = pos - lo;
        if (double.IsPositiveInfinity(sorted[lo])) return double.PositiveInfinity;
        if (frac == 0) return sorted[lo];
        return double.IsPositiveInfinity(sorted[hi]) ? double.PositiveInfinity : sorted[lo] + frac * (sorted[hi] - sorted[lo]);
    }

    static IEnumerable<BenchmarkDataCheckRow> ReadChecks(BenchmarkRegistry registry, string evalId)
    {
        var f = registry.DataChecks(evalId);
        for (long r = 0; r < f.Rows.Count; r++)
            yield return new BenchmarkDataCheckRow((string)f.Columns["eval_id"][r], (string?)f.Columns["reference_eval_id"][r], (string)f.Columns["check_name"][r],
                (string)f.Columns["scope"][r], (double)f.Columns["statistic"][r], (double?)f.Columns["p_value"][r], (long?)f.Columns["count"][r], (string)f.Columns["method"][r]);
    }
}
