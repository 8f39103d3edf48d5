using static GapLab.Metrics.Complexity.MeasureCatalog;

namespace GapLab.Metrics.Complexity.Measures;

/// <summary>
/// The isotropic PAC-Bayes measures from sigma', the largest Gaussian weight noise whose expected accuracy drop is 0.1:
/// ||w - w0||^2 / (4 sigma'^2) + ln(m / sigma') + 10 and 1 / sigma'^2. Source: Jiang et al. 2020 (Fantastic) eqs. 47-49; spec 2.3.
/// </summary>
public sealed class PacBayesMeasures : MeasureFamily
{
    /// <inheritdoc/>
    public override IReadOnlyList<MeasureInfo> Measures { get; } =
    [
        new("PACBAYES_INIT", S, true, true, "||w - w0||^2 / (4 sigma'^2) + ln(m / sigma') + 10") { Order = 19 },
        new("PACBAYES_ORIG", S, true, false, "||w||^2 / (4 sigma'^2) + ln(m / sigma') + 10") { Order = 20 },
        new("PACBAYES_FLATNESS", S, true, false, "1 / sigma'^2") { Order = 21 },
    ];

    /// <inheritdoc/>
    public override MeasureStage? Stage => MeasureStage.PacBayesSigma;

    /// <inheritdoc/>
    public override bool NeedsLayerNorms => true;

    /// <inheritdoc/>
    public override bool NeedsFoldedModel => true;

    /// <inheritdoc/>
    public override void Compute(MeasureContext context)
    {
        var options = context.Options;
        var r = PacBayesSearch.Run(context.Target, false, options, options.Seed + 1, context.Cancellation);
        string note = r.Describe("sigma'") + MeasureContext.Inv($"; {options.MonteCarloDraws} draws, depth {options.SearchDepth}, {context.Budget}");
        context.Searched(r, "PACBAYES_INIT", "PACBAYES_ORIG", "PACBAYES_FLATNESS");
        if (context.Init is null) context.ReportNoInit("PACBAYES_INIT");
        else context.Report("PACBAYES_INIT", PacBayesBounds.Isotropic(context.DistanceNormSquared, r.Scale, context.M), note);
        context.Report("PACBAYES_ORIG", PacBayesBounds.Isotropic(context.WeightNormSquared, r.Scale, context.M), note);
        context.Report("PACBAYES_FLATNESS", 1 / (r.Scale * r.Scale), note);
    }
}
