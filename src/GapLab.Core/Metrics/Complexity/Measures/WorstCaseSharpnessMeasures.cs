using static GapLab.Metrics.Complexity.MeasureCatalog;

namespace GapLab.Metrics.Complexity.Measures;

/// <summary>
/// The worst-case sharpness measures from alpha', the largest box |u_j| &lt;= alpha in which sign-gradient ascent keeps the accuracy drop
/// &lt;= 0.1: 1 / alpha'^2 and the sharpness bounds. Source: Jiang et al. 2020 (Fantastic) eqs. 53-55; spec metrics.md 2.5 (constants unconfirmed).
/// </summary>
public sealed class WorstCaseSharpnessMeasures : MeasureFamily
{
    /// <inheritdoc/>
    public override IReadOnlyList<MeasureInfo> Measures { get; } =
    [
        new("SHARPNESS_FLATNESS", S, false, false, "1 / alpha'^2, alpha' = largest box |u_j| <= alpha with worst-case accuracy drop <= 0.1") { Order = 35 },
        new("SHARPNESS_INIT", S, false, true, "||w - w0||^2 ln(2 omega) / (4 alpha'^2) + ln(m / alpha') + 10 [unconfirmed constants]") { Order = 37 },
        new("SHARPNESS_ORIG", S, false, false, "||w||^2 ln(2 omega) / (4 alpha'^2) + ln(m / alpha') + 10 [unconfirmed constants]") { Order = 38 },
    ];

    /// <inheritdoc/>
    public override MeasureStage? Stage => MeasureStage.WorstCaseSharpness;

    /// <inheritdoc/>
    public override bool NeedsLayerNorms => true;

    /// <inheritdoc/>
    public override bool NeedsFoldedModel => true;

    /// <inheritdoc/>
    public override void Compute(MeasureContext context)
    {
        var options = context.Options;
        var r = WorstCaseSharpness.Run(context.Target, false, options, options.Seed + 3, context.Cancellation);
        string note = r.Describe("alpha'") + "; " + AscentNote(context);
        context.Searched(r, "SHARPNESS_FLATNESS", "SHARPNESS_INIT", "SHARPNESS_ORIG");
        double lnOmega2 = Math.Log(2.0 * context.Folded.WeightCount);
        double Bound(double normSq) => normSq * lnOmega2 / (4 * r.Scale * r.Scale) + Math.Log(context.M / r.Scale) + 10;
        context.Report("SHARPNESS_FLATNESS", 1 / (r.Scale * r.Scale), note);
        if (context.Init is null) context.ReportNoInit("SHARPNESS_INIT");
        else context.Report("SHARPNESS_INIT", Bound(context.DistanceNormSquared), note + "; constants unconfirmed (spec 2.5)");
        context.Report("SHARPNESS_ORIG", Bound(context.WeightNormSquared), note + "; constants unconfirmed (spec 2.5)");
    }

    /// <summary>The ascent and search settings as the notes of both sharpness families state them.</summary>
    internal static string AscentNote(MeasureContext context)
    {
        var options = context.Options;
        return MeasureContext.Inv($"{options.SharpnessRestarts} restarts x {options.SharpnessSteps} sign-gradient ascent steps, ") + (options.SharpnessSearch == SearchScheme.Log
            ? MeasureContext.Inv($"log-scale search in [{options.SharpnessMin:G3}, {options.SharpnessMax:G3}] from 1 (bracket x4, then {options.SharpnessDepth} geometric bisections), ")
            : MeasureContext.Inv($"bisection on [0, {options.SearchMax:G3}] of depth {options.SharpnessDepth}, ")) + context.Budget;
    }
}
