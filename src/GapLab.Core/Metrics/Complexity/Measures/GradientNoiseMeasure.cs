using static GapLab.Metrics.Complexity.MeasureCatalog;

namespace GapLab.Metrics.Complexity.Measures;

/// <summary>
/// GRAD_NOISE_FINAL: mean per-coordinate variance of minibatch gradients at the final weights (the trainer's logged value when given).
/// Source: Jiang et al. 2020 (Fantastic) eq. 61; spec metrics.md 2.6.
/// </summary>
public sealed class GradientNoiseMeasure : MeasureFamily
{
    /// <inheritdoc/>
    public override IReadOnlyList<MeasureInfo> Measures { get; } =
        [new("GRAD_NOISE_FINAL", T, false, false, "mean per-coordinate variance of minibatch gradients at the final weights") { Order = 41 }];

    /// <inheritdoc/>
    public override MeasurePhase Phase => MeasurePhase.AsTrained;

    /// <inheritdoc/>
    public override MeasureStage? Stage => MeasureStage.GradientNoise;

    /// <inheritdoc/>
    public override void Compute(MeasureContext context)
    {
        var options = context.Options;
        if (options.Training?.GradientNoiseFinal is double logged)
        {
            context.Report("GRAD_NOISE_FINAL", logged, "as logged by the trainer at the end of training");
            return;
        }
        var noise = GapLab.Training.GradientNoise.Measure(context.Model, context.X, context.Y, options.GradientNoiseBatchSize, options.GradientNoiseBatches, options.Seed);
        context.Report("GRAD_NOISE_FINAL", noise.Value ?? double.NaN, "measured now at the final weights: " + noise.Note);
    }
}
