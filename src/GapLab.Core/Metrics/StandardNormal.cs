namespace GapLab.Metrics;

/// <summary>
/// Standard normal CDF Φ and quantile Φ⁻¹. Φ(x) = 1/2 + erf(x/√2)/2 with erf from its everywhere-positive series
/// erf(x) = 2/√π · e^(-x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)) (Abramowitz &amp; Stegun 7.1.6); Φ⁻¹ by bisection then Newton.
/// </summary>
internal static class StandardNormal
{
    /// <summary>Φ(x); accurate to ~1e-15 for |x| &lt;= 8, clamped to 0/1 beyond.</summary>
    public static double Cdf(double x)
    {
        if (x > 8) return 1;
        if (x < -8) return 0;
        double t = Math.Abs(x) / Math.Sqrt(2);
        double term = t, sum = t;
        for (int n = 1; n < 500 && term > 1e-17 * sum; n++)
        {
            term *= 2 * t * t / (2 * n + 1);
            sum += term;
        }
        double erf = 2 / Math.Sqrt(Math.PI) * Math.Exp(-t * t) * sum;
        return x >= 0 ? 0.5 + 0.5 * erf : 0.5 - 0.5 * erf;
    }

    /// <summary>Φ⁻¹(p) for p in (0, 1).</summary>
    public static double Quantile(double p)
    {
        if (!(p > 0 && p < 1)) throw new ArgumentException($"probability = {p} is invalid: accepted (0, 1).", nameof(p));
        double lo = -8, hi = 8;
        for (int i = 0; i < 60; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (Cdf(mid) < p) lo = mid; else hi = mid;
        }
        double x = 0.5 * (lo + hi);
        for (int i = 0; i < 3; i++)
            x -= (Cdf(x) - p) / (Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI));
        return x;
    }

    /// <summary>z with P(|Z| &lt;= z) = <paramref name="confidence"/>, e.g. 1.959964 for 0.95.</summary>
    public static double TwoSidedCritical(double confidence)
    {
        if (!(confidence > 0 && confidence < 1))
            throw new ArgumentException($"confidence = {confidence} is invalid: accepted (0, 1), e.g. 0.95.", nameof(confidence));
        return Quantile(1 - (1 - confidence) / 2);
    }
}
