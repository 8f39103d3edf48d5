using static GapLab.Metrics.Complexity.MeasureCatalog;

namespace GapLab.Metrics.Complexity.Measures;

/// <summary>
/// PGDL_VC_DIMENSION: the number of trainable parameters, biases and batch norms included.
/// Source: PGDL starting kit (Jiang et al. 2020, NeurIPS competition) baselines; spec metrics.md 2.7.
/// </summary>
public sealed class PgdlVcDimensionMeasure : MeasureFamily
{
    /// <inheritdoc/>
    public override IReadOnlyList<MeasureInfo> Measures { get; } = [new("PGDL_VC_DIMENSION", Trivial, false, false, "number of trainable parameters") { Order = 45 }];

    /// <inheritdoc/>
    public override MeasurePhase Phase => MeasurePhase.AsTrained;

    /// <inheritdoc/>
    public override void Compute(MeasureContext context) =>
        context.Report("PGDL_VC_DIMENSION", context.Model.parameters().Where(p => p.requires_grad).Sum(p => p.numel()), "trainable parameters, biases and batch norms included");
}
