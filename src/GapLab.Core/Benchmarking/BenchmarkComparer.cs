using GapLab.Benchmarking.Statistics;
using GapLab.Data;
using GapLab.Store;

namespace GapLab.Benchmarking;

/// <summary>
/// Compares two evaluations of a benchmark model by model and metric. Images pair up when both evaluations have the same clean labels in
/// the same order (the same test images, possibly shifted): then the interval is a paired bootstrap over images and accuracy also gets
/// McNemar's test; otherwise the bootstrap resamples each evaluation independently.
/// </summary>
public static class BenchmarkComparer
{
    public static BenchmarkComparison Run(BenchmarkCompareRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var registry = new BenchmarkRegistry(ResultStore.Open(request.StoreDir));
        var version = registry.Require(request.Benchmark);
        var evaluations = registry.Evaluations(request.Benchmark);
        var completed = evaluations.Where(e => e.Outcome() == BenchmarkStatus.Completed).ToList();
        BenchmarkEvaluationRow Find(string id) => evaluations.FirstOrDefault(e => e.EvalId == id)
            ?? throw new ArgumentException($"benchmark '{request.Benchmark}' has no evaluation '{id}'; known: {string.Join(", ", evaluations.Select(e => e.EvalId))}.");
        var current = request.CurrentEvalId is { } c ? Find(c) : completed.LastOrDefault()
            ?? throw new ArgumentException($"benchmark '{request.Benchmark}' has no completed evaluation; run 'gaplab benchmark run {request.Benchmark}' first.");
        var baseline = request.BaselineEvalId is { } b ? Find(b)
            : completed.LastOrDefault(e => e.StartedUtc < current.StartedUtc && e.EvalId != current.EvalId)
              ?? throw new ArgumentException($"benchmark '{request.Benchmark}' has one completed evaluation ({current.EvalId}); run it again (e.g. on new data: --data DIR, --dataset NAME or --data-shift shift:rotate=30) to have something to compare.");
        var baseModels = registry.Load(baseline.EvalId, 0);
        var first = completed.FirstOrDefault();
        // QUBA's scale is frozen on the benchmark's first completed evaluation, so every compare and the history use one scale
        (QubaScale?, string?)? scale = first is null || first.EvalId == baseline.EvalId || !version.Protocol.Metrics.Contains("quba") ? null
            : BenchmarkMetrics.QubaScaleOf(registry.Load(first.EvalId, 0), first.EvalId);
        return Compare(version, baseline, current, baseModels, registry.Load(current.EvalId, 0), ClassNames(version.Protocol, current), scale);
    }

    /// <summary>
    /// The comparison of two evaluations' model predictions under <paramref name="version"/>'s protocol; QUBA is z-scored on
    /// <paramref name="quba"/> (the benchmark's first completed evaluation), or on the baseline's models when it is not given.
    /// </summary>
    public static BenchmarkComparison Compare(BenchmarkVersion version, BenchmarkEvaluationRow baseline, BenchmarkEvaluationRow current,
        IReadOnlyList<ModelEvaluation> baseModels, IReadOnlyList<ModelEvaluation> currentModels, IReadOnlyList<string>? classNames = null,
        (QubaScale? Scale, string? WhyNot)? quba = null)
    {
        var protocol = version.Protocol;
        int classes = new[] { baseModels, currentModels }.SelectMany(l => l).SelectMany(m => m.TestSets.Values)
            .SelectMany(s => s.Labels.Concat(s.Predicted)).DefaultIfEmpty(0).Max() + 1;
        classes = Math.Max(classes, classNames?.Count ?? 0);
        baseModels = baseModels.Select(m => m with { Classes = classes }).ToList();
        currentModels = currentModels.Select(m => m with { Classes = classes }).ToList();
        var notes = new List<string>();
        if (baseline.Version != current.Version)
            notes.Add($"the evaluations were made under different versions of the protocol (v{baseline.Version} and v{current.Version}).");
        var scale = protocol.Metrics.Contains("quba") ? quba ?? BenchmarkMetrics.QubaScaleOf(baseModels, baseline.EvalId) : (null, null);
        if (scale.WhyNot is { } whyNot) notes.Add(whyNot);
        if (scale.Scale is { } frozen) notes.Add(frozen.Describe() + ".");
        var metrics = BenchmarkMetrics.For(protocol, scale.Scale);
        var changes = new List<MetricChange>();
        bool anyPaired = false;
        foreach (var cur in currentModels)
        {
            var bas = baseModels.FirstOrDefault(m => m.RunId == cur.RunId);
            if (bas is null) { notes.Add($"{cur.RunId}: new in {current.EvalId}, no baseline value."); continue; }
            bool paired = bas.Clean.Labels.AsSpan().SequenceEqual(cur.Clean.Labels);
            anyPaired |= paired;
            var sharedSets = bas.TestSets.Keys.Intersect(cur.TestSets.Keys).ToHashSet();
            var (b, k) = (bas with { TestSets = Only(bas, sharedSets) }, cur with { TestSets = Only(cur, sharedSets) });
            foreach (var metric in metrics)
            {
                double vb = metric.Compute(b, All(b.Clean.Count)), vc = metric.Compute(k, All(k.Clean.Count));
                if (double.IsNaN(vb) || double.IsNaN(vc)) continue;
                var ci = paired
                    ? PairedBootstrap.Paired(b.Clean.Count, idx => metric.Compute(b, idx), idx => metric.Compute(k, idx), protocol.BootstrapResamples, protocol.Seeds[0], protocol.Confidence)
                    : PairedBootstrap.Unpaired(b.Clean.Count, idx => metric.Compute(b, idx), k.Clean.Count, idx => metric.Compute(k, idx), protocol.BootstrapResamples, protocol.Seeds[0], protocol.Confidence);
                double? p = null;
                string test = paired ? "paired bootstrap" : "unpaired bootstrap";
                if (paired && metric.Name is "accuracy" or "gap")
                {
                    var mc = McNemarTest.Compute(b.Clean.Correct, k.Clean.Correct);
                    p = mc.PValue;
                    test = $"McNemar {(mc.Exact ? "exact" : "chi-square")} (b={mc.BaselineOnlyCorrect}, c={mc.CurrentOnlyCorrect}) + paired bootstrap";
                }
                else if (metric.Name == "quba") test += $" (z-scores frozen on {scale.Scale!.EvalId}; the scale's own uncertainty is not in the interval)";
                else if (metric.Name.StartsWith(BenchmarkMetrics.DropThresholdPrefix, StringComparison.Ordinal)) test += " (unreached = highest severity)";
                double delta = vc - vb;
                string verdict = BenchmarkVerdict.Decide(delta, ci.Low, ci.High, p, metric.HigherIsBetter, protocol.Confidence);
                changes.Add(new MetricChange(cur.RunId, cur.Model, cur.Seed, metric.Name, metric.HigherIsBetter, vb, vc, delta, ci.Low, ci.High, p, test, verdict,
                    verdict == BenchmarkVerdict.Regression && Math.Abs(delta) > protocol.Tolerance));
            }
        }
        if (!anyPaired && changes.Count > 0) notes.Add("the two evaluations have different test images: intervals come from an unpaired bootstrap, and McNemar does not apply.");
        foreach (var m in baseModels.Where(m => currentModels.All(c => c.RunId != m.RunId)))
            notes.Add($"{m.RunId}: in the baseline only (not evaluated in {current.EvalId}).");
        return new BenchmarkComparison(version, baseline, current, anyPaired, changes, Classes(current.EvalId, currentModels, classNames),
            Seeds(current.EvalId, currentModels, metrics), notes);
    }

    /// <summary>Per-class accuracy and calibration of every model on the clean test set, worst class marked.</summary>
    public static IReadOnlyList<ClassBreakdown> Classes(string evalId, IReadOnlyList<ModelEvaluation> models, IReadOnlyList<string>? classNames)
    {
        var rows = new List<ClassBreakdown>();
        foreach (var m in models)
        {
            var clean = m.Clean;
            var all = All(clean.Count);
            var (_, worst) = PerClassAccuracy.Worst(clean.Labels, clean.Correct, all, m.Classes);
            var acc = PerClassAccuracy.Compute(clean.Labels, clean.Correct, all, m.Classes);
            for (int k = 0; k < m.Classes; k++)
            {
                var idx = all.Where(i => clean.Labels[i] == k).ToArray();
                if (idx.Length == 0) continue;
                rows.Add(new ClassBreakdown(evalId, m.RunId, k, classNames is not null && k < classNames.Count ? classNames[k] : $"class_{k}", idx.Length, acc[k],
                    TopLabelCalibrationError.Compute(clean.Confidence, clean.Correct, idx), k == worst));
            }
        }
        return rows;
    }

    /// <summary>Best, median and worst of every metric over the seeds of each configuration.</summary>
    public static IReadOnlyList<SeedSummary> Seeds(string evalId, IReadOnlyList<ModelEvaluation> models, IReadOnlyList<BenchmarkMetric> metrics) =>
        models.GroupBy(m => m.Configuration).SelectMany(g => metrics.Select(metric =>
        {
            var s = SeedSpread.Compute(g.Select(m => metric.Compute(m, All(m.Clean.Count))).ToList(), metric.HigherIsBetter);
            return new SeedSummary(evalId, g.Key, metric.Name, s.Seeds, s.Best, s.Median, s.Worst);
        })).Where(s => s.Seeds > 0).ToList();

    static IReadOnlyList<string>? ClassNames(BenchmarkProtocol protocol, BenchmarkEvaluationRow row)
    {
        try { return DatasetCatalog.Load(row.Dataset, row.DataDir).Test.ClassNames; }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidDataException) { return null; }
    }

    static Dictionary<string, TestSetPredictions> Only(ModelEvaluation m, HashSet<string> sets) =>
        m.TestSets.Where(kv => sets.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    static int[] All(int n) => Enumerable.Range(0, n).ToArray();
}
