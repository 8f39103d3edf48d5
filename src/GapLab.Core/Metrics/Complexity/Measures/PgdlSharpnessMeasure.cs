using static GapLab.Metrics.Complexity.MeasureCatalog;

namespace GapLab.Metrics.Complexity.Measures;

/// <summary>
/// PGDL_SHARPNESS: m, the largest multiplicative box |u_j| &lt;= m |w_j| in which loss-minimising SGD keeps 1 - accuracy near 0.1 (unfolded model).
/// Source: PGDL starting kit baselines; spec metrics.md 2.7.
/// </summary>
public sealed class PgdlSharpnessMeasure : MeasureFamily
{
    /// <inheritdoc/>
    public override IReadOnlyList<MeasureInfo> Measures { get; } =
        [new("PGDL_SHARPNESS", S, false, false, "m: largest multiplicative box |u_j| <= m |w_j| in which loss-minimising SGD keeps 1 - accuracy near 0.1 (unfolded model)") { Order = 44 }];

    /// <inheritdoc/>
    public override MeasurePhase Phase => MeasurePhase.AsTrained;

    /// <inheritdoc/>
    public override MeasureStage? Stage => MeasureStage.PgdlSharpness;

    /// <inheritdoc/>
    public override void Compute(MeasureContext context)
    {
        var options = context.Options;
        var (px, py) = context.Subset.ToTensors(context.Device);
        using var unfolded = new PerturbedModel(context.Model, px, py, options.BatchSize);
        var r = PgdlSharpness.Run(unfolded, options, options.Seed + 5, context.Cancellation);
        context.Searched(r, "PGDL_SHARPNESS");
        context.Report("PGDL_SHARPNESS", r.Scale, r.Describe("m") + MeasureContext.Inv($"; {options.SharpnessRestarts} restarts x {options.PgdlSharpnessSteps} SGD steps (lr 1e-3, batch 64), at most {options.PgdlSharpnessIterations} candidates, {context.Subset.Count} examples, unfolded model"));
    }
}
