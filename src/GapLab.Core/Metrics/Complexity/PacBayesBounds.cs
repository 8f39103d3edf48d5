namespace GapLab.Metrics.Complexity;

/// <summary>
/// PAC-Bayes bound forms from sigma' (isotropic) and sigma_m (magnitude-aware): ||v||^2 / (4 sigma'^2) + ln(m / sigma') + 10,
/// and 1/4 sum_j ln((eps^2 + (sm^2 + 1) ||v||^2 / omega) / (eps^2 + sm^2 d_j^2)) + ln(m / sm) + 10. Source: Dziugaite et al. 2020 measures.py; spec 2.2.
/// </summary>
public static class PacBayesBounds
{
    /// <summary>||v||^2 / (4 sigma^2) + ln(m / sigma) + 10, with ||v||^2 = <paramref name="squaredNorm"/> (of w or w - w0).</summary>
    public static double Isotropic(double squaredNorm, double sigma, int m) => squaredNorm / (4 * sigma * sigma) + Math.Log(m / sigma) + 10;

    /// <summary>
    /// 1/4 sum_j ln((eps^2 + (sm^2 + 1) ||v||^2 / omega) / (eps^2 + sm^2 d_j^2)) + ln(m / sm) + 10 over the omega entries
    /// <paramref name="numerator"/> (v: w or w - w0) and <paramref name="denominator"/> (d: w, or w - w0 as in the reference).
    /// </summary>
    public static double MagnitudeAware(IReadOnlyList<double> numerator, IReadOnlyList<double> denominator, double sigma, double eps, int m)
    {
        ArgumentNullException.ThrowIfNull(numerator);
        ArgumentNullException.ThrowIfNull(denominator);
        if (numerator.Count != denominator.Count || numerator.Count == 0)
            throw new ArgumentException($"The magnitude-aware bound needs two equally long, non-empty weight vectors; got {numerator.Count} and {denominator.Count}.");
        double omega = numerator.Count, s2 = sigma * sigma, e2 = eps * eps;
        double normSq = numerator.Sum(v => v * v);
        double top = e2 + (s2 + 1) * normSq / omega;
        double sum = 0;
        foreach (var dj in denominator) sum += Math.Log(top / (e2 + s2 * dj * dj));
        return sum / 4 + Math.Log(m / sigma) + 10;
    }
}
