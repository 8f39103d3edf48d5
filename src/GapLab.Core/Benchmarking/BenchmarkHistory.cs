using GapLab.Metrics.Correlation;
using GapLab.Store;

namespace GapLab.Benchmarking;

/// <summary>
/// Every metric of every model over a benchmark's completed evaluations, oldest first: the value with its bootstrap interval, and the
/// change and verdict against the previous evaluation (<see cref="BenchmarkComparer"/>); the corruption drop threshold of every model and
/// corruption per evaluation (<see cref="DropThresholdPoint"/>, drop <see cref="Drop"/>); plus each evaluation's data checks and session.
/// </summary>
public static class BenchmarkHistory
{
    /// <summary>The accuracy drop (absolute, below clean) of the drop threshold, as in <c>gaplab quality</c>.</summary>
    public const double Drop = 0.1;

    public sealed record Result(BenchmarkVersion Benchmark, IReadOnlyList<BenchmarkEvaluationRow> Evaluations, IReadOnlyList<MetricPoint> Points,
        IReadOnlyList<BenchmarkComparison> Comparisons, IReadOnlyList<BenchmarkDataCheckRow> DataChecks, IReadOnlyList<DropThresholdPoint> DropThresholds);

    public static Result Compute(ResultStore store, string benchmark)
    {
        var registry = new BenchmarkRegistry(store);
        var version = registry.Require(benchmark);
        var protocol = version.Protocol;
        var evaluations = registry.Evaluations(benchmark).Where(e => e.Status == BenchmarkRunner.Completed).ToList();
        var loaded = evaluations.Select(e => registry.Load(e.EvalId, 0)).ToList();
        var comparisons = new List<BenchmarkComparison>();
        for (int i = 1; i < evaluations.Count; i++)
            comparisons.Add(BenchmarkComparer.Compare(version, evaluations[i - 1], evaluations[i], loaded[i - 1], loaded[i]));
        var points = new List<MetricPoint>();
        for (int i = 0; i < evaluations.Count; i++)
        {
            var e = evaluations[i];
            int classes = loaded[i].SelectMany(m => m.Clean.Labels.Concat(m.Clean.Predicted)).DefaultIfEmpty(0).Max() + 1;
            foreach (var m in loaded[i].Select(m => m with { Classes = classes }))
                foreach (var metric in protocol.Metrics.Select(BenchmarkMetrics.Get))
                {
                    var ci = BootstrapInterval.OverUnits(m.Clean.Count, idx => metric.Compute(m, idx), protocol.BootstrapResamples, protocol.Seeds[0], protocol.Confidence);
                    if (double.IsNaN(ci.Estimate)) continue;
                    var change = i == 0 ? null : comparisons[i - 1].Changes.FirstOrDefault(c => c.RunId == m.RunId && c.Metric == metric.Name);
                    points.Add(new MetricPoint(e.EvalId, e.StartedUtc, e.DataLabel, e.Version, m.RunId, metric.Name, metric.HigherIsBetter, ci.Estimate, ci.Low, ci.High,
                        change?.Delta, change?.Verdict, change?.BeyondTolerance ?? false));
                }
        }
        var checks = evaluations.SelectMany(e => ReadChecks(registry, e.EvalId)).ToList();
        var drops = evaluations.SelectMany((e, i) => loaded[i].SelectMany(m => DropThresholds(e, m))).ToList();
        return new Result(version, evaluations, points, comparisons, checks, drops);
    }

    /// <summary>The drop threshold of each corruption of the protocol for one model in one evaluation (none without corruption sets).</summary>
    public static IEnumerable<DropThresholdPoint> DropThresholds(BenchmarkEvaluationRow evaluation, ModelEvaluation model)
    {
        var entries = model.TestSets.Where(kv => BenchmarkTestSets.IsCorruption(kv.Key)).Select(kv =>
        {
            var (name, severity) = BenchmarkTestSets.ParseCorruption(kv.Key);
            return new Quality.CorruptionAccuracy(name, severity, kv.Value.Accuracy(Enumerable.Range(0, kv.Value.Count).ToArray()));
        }).ToList();
        if (entries.Count == 0) return [];
        var table = new Quality.CorruptionAccuracyTable(model.RunId, model.Clean.Accuracy(Enumerable.Range(0, model.Clean.Count).ToArray()), entries, model.Clean.Count, evaluation.Seed);
        var result = Quality.CorruptionDropThreshold.Compute(table, Drop);
        return result.Severity.Select(kv => new DropThresholdPoint(evaluation.EvalId, evaluation.StartedUtc, evaluation.DataLabel, model.RunId, kv.Key, Drop, kv.Value));
    }

    static IEnumerable<BenchmarkDataCheckRow> ReadChecks(BenchmarkRegistry registry, string evalId)
    {
        var f = registry.DataChecks(evalId);
        for (long r = 0; r < f.Rows.Count; r++)
            yield return new BenchmarkDataCheckRow((string)f.Columns["eval_id"][r], (string?)f.Columns["reference_eval_id"][r], (string)f.Columns["check_name"][r],
                (string)f.Columns["scope"][r], (double)f.Columns["statistic"][r], (double?)f.Columns["p_value"][r], (long?)f.Columns["count"][r], (string)f.Columns["method"][r]);
    }
}
