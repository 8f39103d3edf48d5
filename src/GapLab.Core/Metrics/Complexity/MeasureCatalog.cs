namespace GapLab.Metrics.Complexity;

/// <summary>A measure of the catalogue: its name, cost class, whether the dataset-size adjustment applies, whether it needs initial weights, and its formula.</summary>
public sealed record MeasureInfo(string Name, string Cost, bool SizeAdjusted, bool NeedsInit, string Formula);

/// <summary>
/// Every complexity measure GapLab computes: the 24 Fantastic-numbered measures of Dziugaite et al. 2020 (PARAMS ...
/// PACBAYES_MAG_FLATNESS), L2 and L2_DIST, the exact-spectral *_FFT variants, worst-case sharpness, the optimisation-based
/// measures and the PGDL baselines. Source: spec metrics.md 2.2-2.7.
/// </summary>
public static class MeasureCatalog
{
    public const string Trivial = "trivial", W = "W", F = "F", WF = "W+F", S = "S", T = "T";

    /// <summary>The catalogue in report order.</summary>
    public static IReadOnlyList<MeasureInfo> All { get; } =
    [
        new("PARAMS", Trivial, true, false, "omega (number of weight entries)"),
        new("INVERSE_MARGIN", F, true, false, "1 / gamma^2"),
        new("LOG_PROD_OF_SPEC", W, true, false, "sum_i ln spec_i"),
        new("LOG_PROD_OF_SPEC_OVER_MARGIN", WF, true, false, "sum_i ln spec_i - 2 ln gamma"),
        new("LOG_SPEC_INIT_MAIN", WF, true, true, "sum_i ln spec_i - 2 ln gamma + ln(sum_i dfro_i / spec_i)"),
        new("LOG_SPEC_ORIG_MAIN", WF, true, false, "sum_i ln spec_i - 2 ln gamma + ln(sum_i fro_i / spec_i)"),
        new("FRO_OVER_SPEC", W, true, false, "sum_i fro_i / spec_i"),
        new("LOG_SUM_OF_SPEC_OVER_MARGIN", WF, true, false, "ln d + (sum_i ln spec_i - 2 ln gamma) / d"),
        new("LOG_SUM_OF_SPEC", W, true, false, "ln d + (sum_i ln spec_i) / d"),
        new("LOG_PROD_OF_FRO_OVER_MARGIN", WF, true, false, "sum_i ln fro_i - 2 ln gamma"),
        new("LOG_PROD_OF_FRO", W, true, false, "sum_i ln fro_i"),
        new("LOG_SUM_OF_FRO_OVER_MARGIN", WF, true, false, "ln d + (sum_i ln fro_i - 2 ln gamma) / d"),
        new("LOG_SUM_OF_FRO", W, true, false, "ln d + (sum_i ln fro_i) / d"),
        new("FRO_DIST", W, true, true, "sum_i dfro_i"),
        new("DIST_SPEC_INIT", W, true, true, "sum_i dspec_i"),
        new("PARAM_NORM", W, true, false, "sum_i fro_i"),
        new("PATH_NORM_OVER_MARGIN", F, true, false, "PATH_NORM / gamma^2"),
        new("PATH_NORM", F, true, false, "sum of outputs of the folded network with squared parameters on ones(1,C,H,W)"),
        new("PACBAYES_INIT", S, true, true, "||w - w0||^2 / (4 sigma'^2) + ln(m / sigma') + 10"),
        new("PACBAYES_ORIG", S, true, false, "||w||^2 / (4 sigma'^2) + ln(m / sigma') + 10"),
        new("PACBAYES_FLATNESS", S, true, false, "1 / sigma'^2"),
        new("PACBAYES_MAG_INIT", S, true, true, "1/4 sum_j ln((eps^2 + (sm^2+1)||w-w0||^2/omega) / (eps^2 + sm^2 w_j^2)) + ln(m/sm) + 10 (denominator: the posterior variance; (w_j-w0_j)^2 with --pac-bayes-mag-denominator difference)"),
        new("PACBAYES_MAG_ORIG", S, true, false, "1/4 sum_j ln((eps^2 + (sm^2+1)||w||^2/omega) / (eps^2 + sm^2 w_j^2)) + ln(m/sm) + 10 (same denominator as MAG_INIT)"),
        new("PACBAYES_MAG_FLATNESS", S, true, false, "1 / sm^2"),
        new("L2", W, true, false, "||w||_2"),
        new("L2_DIST", W, true, true, "||w - w0||_2"),
        new("LOG_PROD_OF_SPEC_FFT", W, true, false, "LOG_PROD_OF_SPEC with exact conv spectral norms"),
        new("LOG_PROD_OF_SPEC_OVER_MARGIN_FFT", WF, true, false, "LOG_PROD_OF_SPEC_OVER_MARGIN with exact conv spectral norms"),
        new("LOG_SPEC_INIT_MAIN_FFT", WF, true, true, "LOG_SPEC_INIT_MAIN with exact conv spectral norms"),
        new("LOG_SPEC_ORIG_MAIN_FFT", WF, true, false, "LOG_SPEC_ORIG_MAIN with exact conv spectral norms"),
        new("FRO_OVER_SPEC_FFT", W, true, false, "FRO_OVER_SPEC with exact conv spectral norms"),
        new("LOG_SUM_OF_SPEC_OVER_MARGIN_FFT", WF, true, false, "LOG_SUM_OF_SPEC_OVER_MARGIN with exact conv spectral norms"),
        new("LOG_SUM_OF_SPEC_FFT", W, true, false, "LOG_SUM_OF_SPEC with exact conv spectral norms"),
        new("DIST_SPEC_INIT_FFT", W, true, true, "sum_i exact spectral norm^2 of (W_i - W0_i)"),
        new("SHARPNESS_FLATNESS", S, false, false, "1 / alpha'^2, alpha' = largest box |u_j| <= alpha with worst-case accuracy drop <= 0.1"),
        new("SHARPNESS_MAG_FLATNESS", S, false, false, "1 / alpha'^2 with the box |u_j| <= alpha |w_j| + eps"),
        new("SHARPNESS_INIT", S, false, true, "||w - w0||^2 ln(2 omega) / (4 alpha'^2) + ln(m / alpha') + 10 [unconfirmed constants]"),
        new("SHARPNESS_ORIG", S, false, false, "||w||^2 ln(2 omega) / (4 alpha'^2) + ln(m / alpha') + 10 [unconfirmed constants]"),
        new("STEPS_TO_CE_01", T, false, false, "optimiser steps until the training cross-entropy first reached 0.1"),
        new("STEPS_CE_01_TO_001", T, false, false, "steps from cross-entropy 0.1 to 0.01"),
        new("GRAD_NOISE_FINAL", T, false, false, "mean per-coordinate variance of minibatch gradients at the final weights"),
        new("PGDL_DISTANCE_FROM_INIT", W, false, true, "sum over all parameter tensors (biases and BN included, unfolded) of ||W - W0||_F^2"),
        new("PGDL_JACOBIAN_NORM", F, false, false, "mean over Conv2d/Linear layers reached by module calls of the mean squared entry of d logits / d layer input"),
        new("PGDL_SHARPNESS", S, false, false, "m: largest multiplicative box |u_j| <= m |w_j| in which loss-minimising SGD keeps 1 - accuracy near 0.1 (unfolded model)"),
        new("PGDL_VC_DIMENSION", Trivial, false, false, "number of trainable parameters"),
    ];

    /// <summary>All measure names in report order.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(m => m.Name).ToArray();

    /// <summary>Measures that need no perturbation search or training trace (norms, margins, path norm, PGDL baselines), comma-separated.</summary>
    public static string Cheap => string.Join(",", All.Where(m => m.Cost is Trivial or W or F or WF).Select(m => m.Name));

    /// <summary>The catalogue entry of <paramref name="name"/> (case-insensitive).</summary>
    public static MeasureInfo Get(string name) =>
        All.FirstOrDefault(m => string.Equals(m.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown complexity measure '{name}'. Known measures: all, cheap, {string.Join(", ", Names)}.");

    /// <summary>The measures selected by "all", "cheap" (<see cref="Cheap"/>) or a comma-separated list of names, in catalogue order.</summary>
    public static IReadOnlyList<MeasureInfo> Select(string? selection)
    {
        if (string.IsNullOrWhiteSpace(selection))
            throw new ArgumentException($"No measures selected: use 'all', 'cheap' or a comma-separated list of {string.Join(", ", Names)}.");
        if (selection.Trim().Equals("all", StringComparison.OrdinalIgnoreCase)) return All;
        if (selection.Trim().Equals("cheap", StringComparison.OrdinalIgnoreCase)) selection = Cheap;
        var chosen = selection.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Get).ToHashSet();
        return All.Where(chosen.Contains).ToArray();
    }
}
