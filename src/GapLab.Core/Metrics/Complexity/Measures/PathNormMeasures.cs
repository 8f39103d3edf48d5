using static GapLab.Metrics.Complexity.MeasureCatalog;

namespace GapLab.Metrics.Complexity.Measures;

/// <summary>
/// PATH_NORM: sum of the outputs of the folded network with squared parameters on ones(1,C,H,W); PATH_NORM_OVER_MARGIN divides by gamma^2.
/// Source: Jiang et al. 2020 (Fantastic) eqs. 44-45; Dziugaite et al. 2020 measures.py (no sqrt; FAIR takes the sqrt: PathNormSqrt).
/// </summary>
public sealed class PathNormMeasures : MeasureFamily
{
    /// <inheritdoc/>
    public override IReadOnlyList<MeasureInfo> Measures { get; } =
    [
        new("PATH_NORM_OVER_MARGIN", F, true, false, "PATH_NORM / gamma^2") { Order = 17, UsesMargin = true },
        new("PATH_NORM", F, true, false, "sum of outputs of the folded network with squared parameters on ones(1,C,H,W)") { Order = 18 },
    ];

    /// <inheritdoc/>
    public override MeasureStage? Stage => MeasureStage.PathNorm;

    /// <inheritdoc/>
    public override bool NeedsFoldedModel => true;

    /// <inheritdoc/>
    public override void Compute(MeasureContext context)
    {
        double path = PathNorm.Compute(context.Model, context.InputShape, context.Options.PathNormSqrt);
        string note = context.Options.PathNormSqrt ? "sqrt of the sum (PathNormSqrt)" : "sum without sqrt (reference)";
        context.Report("PATH_NORM", path, note);
        context.Report("PATH_NORM_OVER_MARGIN", context.Gamma is { } g ? path / (g * g) : double.NaN, note + "; " + context.MarginNote);
    }
}
