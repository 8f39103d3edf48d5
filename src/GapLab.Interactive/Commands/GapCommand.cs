using System.Globalization;
using GapLab.Interactive.Magic;
using GapLab.Metrics;
using GapLab.Suites;
using GapLab.Training;
using Microsoft.Data.Analysis;
using GapLab.IO;
using GapLab.Store;

namespace GapLab.Interactive.Commands;

/// <summary>
/// <c>#!gaplab gap --from VAR [--metric error|loss] [--as NAME]</c>. From a <see cref="TrainResult"/>: shows the per-epoch train/test
/// curves with their gap (<see cref="Charts.GapCurves"/>) and returns the final <see cref="GeneralizationGap"/>. From runs (a
/// DataFrame made by <c>#!gaplab run</c> or a list of <see cref="RunRecord"/>): returns the chart of the accuracy gap against
/// parameter count (<see cref="Charts.GapVsModelSize"/>), one point per finished run.
/// </summary>
public static class GapCommand
{
    const string Expected = "a TrainResult (from #!gaplab train), a DataFrame of runs (from #!gaplab run) or a list of RunRecord";

    public static MagicCommandDescriptor Descriptor { get; } = new(
        "gap",
        "Generalization gap of a TrainResult (final gap + per-epoch curves) or of runs (gap vs model size chart).",
        [
            new("--from", "C# variable holding a TrainResult, a DataFrame of runs or a list of RunRecord.", Required: true, Kind: MagicParameterKind.Identifier),
            MagicParameterDescriptor.Choice("--metric", "Curves of a TrainResult: error (1 - accuracy) or loss.", ["error", "loss"], defaultValue: "error"),
            MagicParameterDescriptor.As("the GeneralizationGap (TrainResult) or the chart (runs)"),
        ]);

    public static Task<object?> HandleAsync(MagicArguments args, IMagicContext context)
    {
        var name = args.GetRequiredString("--from");
        var value = NotebookVariables.Get(context, "--from", name, Expected);
        object result = value switch
        {
            TrainResult r => FromTrainResult(r, args.GetRequiredString("--metric"), context),
            DataFrame frame => Charts.GapVsModelSize(Points(frame, name)),
            IEnumerable<RunRecord> runs => Charts.GapVsModelSize(Points(runs.ToList(), name)),
            _ => throw NotebookVariables.WrongType("--from", name, value, Expected),
        };
        return Task.FromResult<object?>(result);
    }

    static GeneralizationGap FromTrainResult(TrainResult r, string metric, IMagicContext context)
    {
        var gap = GeneralizationGap.Final(r);
        var points = Curve(r, metric);
        if (points.Count > 0) context.Display(Charts.GapCurves(points, metric));
        return gap;
    }

    /// <summary>Per-epoch (train, test) error or loss of the evaluated epochs of <paramref name="r"/>.</summary>
    public static IReadOnlyList<GapCurvePoint> Curve(TrainResult r, string metric = "error")
    {
        ArgumentNullException.ThrowIfNull(r);
        return r.Epochs.Where(e => !double.IsNaN(e.TrainLoss)).Select(e => metric switch
        {
            "error" => new GapCurvePoint(e.Epoch, 1 - e.TrainAccuracy, 1 - e.TestAccuracy),
            "loss" => new GapCurvePoint(e.Epoch, e.TrainLoss, e.TestLoss),
            _ => throw new ArgumentException($"--metric '{metric}' is not accepted; use one of: error, loss."),
        }).ToList();
    }

    /// <summary>One (label, params, accuracy gap) point per run with a finite gap; label = model and seed.</summary>
    public static IReadOnlyList<GapSizePoint> Points(IReadOnlyList<RunRecord> runs, string source = "runs") =>
        NonEmpty(runs.Where(r => double.IsFinite(r.AccGap)).Select(r => new GapSizePoint(Label(r.Model, r.Seed), r.Params, r.AccGap)), source);

    /// <summary>Points from a runs DataFrame (columns model, seed, params, acc_gap as written by RecordFrame).</summary>
    public static IReadOnlyList<GapSizePoint> Points(DataFrame frame, string source = "frame")
    {
        ArgumentNullException.ThrowIfNull(frame);
        string[] needed = ["model", "seed", "params", "acc_gap"];
        var names = frame.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var missing = needed.Where(n => !names.Contains(n)).ToArray();
        if (missing.Length > 0)
            throw new ArgumentException($"DataFrame '{source}' lacks column(s) {string.Join(", ", missing)}; a runs frame (from #!gaplab run) has {string.Join(", ", needed)}.");
        var points = new List<GapSizePoint>();
        for (long i = 0; i < frame.Rows.Count; i++)
        {
            if (frame["acc_gap"][i] is not { } g || frame["params"][i] is not { } p) continue;
            double gap = Convert.ToDouble(g, CultureInfo.InvariantCulture);
            if (!double.IsFinite(gap)) continue;
            points.Add(new GapSizePoint(Label(Convert.ToString(frame["model"][i], CultureInfo.InvariantCulture) ?? "?", frame["seed"][i]),
                Convert.ToDouble(p, CultureInfo.InvariantCulture), gap));
        }
        return NonEmpty(points, source);
    }

    static string Label(string model, object? seed) => $"{model} seed={Convert.ToString(seed, CultureInfo.InvariantCulture)}";

    static IReadOnlyList<GapSizePoint> NonEmpty(IEnumerable<GapSizePoint> points, string source)
    {
        var list = points.ToList();
        return list.Count > 0 ? list : throw new ArgumentException($"'{source}' has no run with a finite accuracy gap (all diverged or cancelled, or it is empty).");
    }
}
