using static GapLab.Metrics.Complexity.MeasureCatalog;

namespace GapLab.Metrics.Complexity.Measures;

/// <summary>
/// PGDL_DISTANCE_FROM_INIT: sum over all parameter tensors (biases and batch norms included, unfolded) of ||W - W0||_F^2.
/// Source: PGDL starting kit baselines; spec metrics.md 2.7.
/// </summary>
public sealed class PgdlDistanceFromInitMeasure : MeasureFamily
{
    /// <inheritdoc/>
    public override IReadOnlyList<MeasureInfo> Measures { get; } =
        [new("PGDL_DISTANCE_FROM_INIT", W, false, true, "sum over all parameter tensors (biases and BN included, unfolded) of ||W - W0||_F^2") { Order = 42 }];

    /// <inheritdoc/>
    public override MeasurePhase Phase => MeasurePhase.AsTrained;

    /// <inheritdoc/>
    public override void Compute(MeasureContext context)
    {
        if (context.Init is null) context.ReportNoInit("PGDL_DISTANCE_FROM_INIT");
        else context.Report("PGDL_DISTANCE_FROM_INIT", PgdlBaselines.DistanceFromInit(context.Model, context.Init), "unfolded parameters, biases and batch norms included");
    }
}
