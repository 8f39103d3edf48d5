using static GapLab.Metrics.Complexity.MeasureCatalog;

namespace GapLab.Metrics.Complexity.Measures;

/// <summary>
/// PGDL_JACOBIAN_NORM: mean over the Conv2d/Linear layers reached by module calls of the mean squared entry of d logits / d layer input.
/// Source: PGDL starting kit baselines (batches of 16, 33 batches); spec metrics.md 2.7.
/// </summary>
public sealed class PgdlJacobianNormMeasure : MeasureFamily
{
    /// <inheritdoc/>
    public override IReadOnlyList<MeasureInfo> Measures { get; } =
        [new("PGDL_JACOBIAN_NORM", F, false, false, "mean over Conv2d/Linear layers reached by module calls of the mean squared entry of d logits / d layer input") { Order = 43 }];

    /// <inheritdoc/>
    public override MeasurePhase Phase => MeasurePhase.AsTrained;

    /// <inheritdoc/>
    public override MeasureStage? Stage => MeasureStage.JacobianNorm;

    /// <inheritdoc/>
    public override void Compute(MeasureContext context)
    {
        var options = context.Options;
        var (j, nonFinite) = PgdlBaselines.JacobianNormTraced(context.Model, context.X, options.JacobianBatchSize, options.JacobianBatches, context.Cancellation);
        context.Report("PGDL_JACOBIAN_NORM", j, (nonFinite is null ? "" : "NOT FINITE: " + nonFinite + "; ") +
            MeasureContext.Inv($"first {Math.Min((long)options.JacobianBatchSize * options.JacobianBatches, context.M)} training examples in batches of {options.JacobianBatchSize}"));
    }
}
