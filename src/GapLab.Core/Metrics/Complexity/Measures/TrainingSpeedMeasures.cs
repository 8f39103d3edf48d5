using static GapLab.Metrics.Complexity.MeasureCatalog;

namespace GapLab.Metrics.Complexity.Measures;

/// <summary>
/// STEPS_TO_CE_01 and STEPS_CE_01_TO_001: optimiser steps until the training cross-entropy first reached 0.1, and from 0.1 to 0.01,
/// read from the training trace. Source: Jiang et al. 2020 (Fantastic) eqs. 59-60; spec metrics.md 2.6.
/// </summary>
public sealed class TrainingSpeedMeasures : MeasureFamily
{
    /// <inheritdoc/>
    public override IReadOnlyList<MeasureInfo> Measures { get; } =
    [
        new("STEPS_TO_CE_01", T, false, false, "optimiser steps until the training cross-entropy first reached 0.1") { Order = 39 },
        new("STEPS_CE_01_TO_001", T, false, false, "steps from cross-entropy 0.1 to 0.01") { Order = 40 },
    ];

    /// <inheritdoc/>
    public override MeasurePhase Phase => MeasurePhase.AsTrained;

    /// <inheritdoc/>
    public override void Compute(MeasureContext context)
    {
        var t = context.Options.Training;
        string missing = t is null ? "needs the training trace (MeasureOptions.Training)" : "milestone not reached during training";
        if (t?.StepsToCe01 is long a) context.Report("STEPS_TO_CE_01", a, "from the training trace");
        else context.Report("STEPS_TO_CE_01", double.NaN, missing);
        if (t?.StepsToCe01 is long s1 && t.StepsToCe001 is long s2) context.Report("STEPS_CE_01_TO_001", s2 - s1, "from the training trace");
        else context.Report("STEPS_CE_01_TO_001", double.NaN, missing);
    }
}
