using static GapLab.Metrics.Complexity.MeasureCatalog;

namespace GapLab.Metrics.Complexity.Measures;

/// <summary>
/// The magnitude-aware PAC-Bayes measures from sigma_m (noise std sqrt(sigma_m^2 w_j^2 + eps^2)): 1/4 sum_j ln(...) + ln(m/sigma_m) + 10
/// and 1 / sigma_m^2. Source: Jiang et al. 2020 (Fantastic) eqs. 50-52; spec metrics.md 2.3 (denominator: MeasureOptions.PacBayesMagDenominator).
/// </summary>
public sealed class MagnitudeAwarePacBayesMeasures : MeasureFamily
{
    /// <inheritdoc/>
    public override IReadOnlyList<MeasureInfo> Measures { get; } =
    [
        new("PACBAYES_MAG_INIT", S, true, true, "1/4 sum_j ln((eps^2 + (sm^2+1)||w-w0||^2/omega) / (eps^2 + sm^2 w_j^2)) + ln(m/sm) + 10 (denominator: the posterior variance; (w_j-w0_j)^2 with --pac-bayes-mag-denominator difference)") { Order = 22 },
        new("PACBAYES_MAG_ORIG", S, true, false, "1/4 sum_j ln((eps^2 + (sm^2+1)||w||^2/omega) / (eps^2 + sm^2 w_j^2)) + ln(m/sm) + 10 (same denominator as MAG_INIT)") { Order = 23 },
        new("PACBAYES_MAG_FLATNESS", S, true, false, "1 / sm^2") { Order = 24 },
    ];

    /// <inheritdoc/>
    public override MeasureStage? Stage => MeasureStage.PacBayesMagnitudeAwareSigma;

    /// <inheritdoc/>
    public override bool NeedsLayerNorms => true;

    /// <inheritdoc/>
    public override bool NeedsFoldedModel => true;

    /// <inheritdoc/>
    public override void Compute(MeasureContext context)
    {
        var options = context.Options;
        var r = PacBayesSearch.Run(context.Target, true, options, options.Seed + 2, context.Cancellation);
        bool difference = options.PacBayesMagDenominator == PacBayesMagDenominator.Difference;
        string note = r.Describe("sigma_m") + MeasureContext.Inv($"; {options.MonteCarloDraws} draws, depth {options.SearchDepth}, eps {options.MagnitudeEpsilon:G3}, {context.Budget}; ") +
                      (options.ReferenceQuirks ? "reference quirk: variance used as std" : "std = sqrt(sigma^2 w^2 + eps^2)") + "; " +
                      (difference ? "denominators eps^2 + sigma_m^2 (w_j - w0_j)^2 in MAG_INIT and MAG_ORIG (the reference code's)"
                                  : "denominators eps^2 + sigma_m^2 w_j^2 in MAG_INIT and MAG_ORIG (the posterior variance of the search's noise)");
        context.Searched(r, "PACBAYES_MAG_INIT", "PACBAYES_MAG_ORIG", "PACBAYES_MAG_FLATNESS");
        var w = MeasureContext.Flatten(context.Folded);
        var w0 = context.FoldedInit is null ? null : MeasureContext.Flatten(context.FoldedInit);
        var diff = w0 is null ? null : w.Select((v, i) => v - w0[i]).ToArray();
        var denominator = difference ? diff : w;
        if (diff is null) context.ReportNoInit("PACBAYES_MAG_INIT");
        else context.Report("PACBAYES_MAG_INIT", PacBayesBounds.MagnitudeAware(diff, denominator!, r.Scale, options.MagnitudeEpsilon, context.M), note);
        if (denominator is null) context.ReportNoInit("PACBAYES_MAG_ORIG");
        else context.Report("PACBAYES_MAG_ORIG", PacBayesBounds.MagnitudeAware(w, denominator, r.Scale, options.MagnitudeEpsilon, context.M), note);
        context.Report("PACBAYES_MAG_FLATNESS", 1 / (r.Scale * r.Scale), note);
    }
}
