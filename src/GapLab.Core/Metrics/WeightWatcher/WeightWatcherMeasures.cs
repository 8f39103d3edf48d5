using GapLab.Metrics.Complexity;
using TorchSharp;

namespace GapLab.Metrics.WeightWatcher;

/// <summary>
/// The WeightWatcher model summary (spec 4.3: layer means of alpha, alpha_weighted, log_alpha_norm, stable rank) as
/// weight-only <see cref="MeasureValue"/> rows, so it sits beside the complexity measures in reports and correlations.
/// </summary>
public static class WeightWatcherMeasures
{
    public static IReadOnlyList<string> Names { get; } = new[] { "WW_ALPHA", "WW_ALPHA_WEIGHTED", "WW_LOG_ALPHA_NORM", "WW_STABLE_RANK" };

    public static IReadOnlyList<MeasureValue> Compute(torch.nn.Module model, WeightWatcherOptions? options = null)
    {
        var report = WeightWatcherAnalysis.Analyze(model, options);
        var s = report.Summary;
        string notes = $"WeightWatcher summary over {s.Layers} layer(s); {report.Skipped.Count} skipped" +
                       (report.Skipped.Count > 0 ? $" ({string.Join("; ", report.Skipped.Select(k => $"{k.Name}: {k.Reason}"))})" : "");
        return new[]
        {
            new MeasureValue(Names[0], s.Alpha, s.Alpha, "W", notes),
            new MeasureValue(Names[1], s.AlphaWeighted, s.AlphaWeighted, "W", notes),
            new MeasureValue(Names[2], s.LogAlphaNorm, s.LogAlphaNorm, "W", notes),
            new MeasureValue(Names[3], s.StableRank, s.StableRank, "W", notes),
        };
    }
}
