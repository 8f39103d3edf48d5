using static GapLab.Metrics.Complexity.MeasureCatalog;

namespace GapLab.Metrics.Complexity.Measures;

/// <summary>
/// SHARPNESS_MAG_FLATNESS: 1 / alpha'^2 with the magnitude-aware box |u_j| &lt;= alpha |w_j| + eps.
/// Source: Jiang et al. 2020 (Fantastic) eq. 56; spec metrics.md 2.5.
/// </summary>
public sealed class MagnitudeAwareSharpnessMeasure : MeasureFamily
{
    /// <inheritdoc/>
    public override IReadOnlyList<MeasureInfo> Measures { get; } =
        [new("SHARPNESS_MAG_FLATNESS", S, false, false, "1 / alpha'^2 with the box |u_j| <= alpha |w_j| + eps") { Order = 36 }];

    /// <inheritdoc/>
    public override MeasureStage? Stage => MeasureStage.MagnitudeAwareWorstCaseSharpness;

    /// <inheritdoc/>
    public override bool NeedsFoldedModel => true;

    /// <inheritdoc/>
    public override void Compute(MeasureContext context)
    {
        var options = context.Options;
        var r = WorstCaseSharpness.Run(context.Target, true, options, options.Seed + 4, context.Cancellation);
        context.Searched(r, "SHARPNESS_MAG_FLATNESS");
        context.Report("SHARPNESS_MAG_FLATNESS", 1 / (r.Scale * r.Scale),
            r.Describe("alpha'") + MeasureContext.Inv($"; box alpha |w| + {options.MagnitudeEpsilon:G3}; ") + WorstCaseSharpnessMeasures.AscentNote(context));
    }
}
