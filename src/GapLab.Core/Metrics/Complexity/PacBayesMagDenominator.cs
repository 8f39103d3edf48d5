namespace GapLab.Metrics.Complexity;

/// <summary>Denominator of PACBAYES_MAG_INIT and PACBAYES_MAG_ORIG ("posterior", "difference" in options and notes).</summary>
public enum PacBayesMagDenominator
{
    /// <summary>eps^2 + sigma_m^2 w_j^2, the variance of the posterior whose noise the sigma_m search drew (default).</summary>
    Posterior,
    /// <summary>eps^2 + sigma_m^2 (w_j - w0_j)^2, as the reference code (and Fantastic's MAG_INIT) writes it.</summary>
    Difference,
}
