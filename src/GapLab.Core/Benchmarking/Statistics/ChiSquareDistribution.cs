namespace GapLab.Benchmarking.Statistics;

/// <summary>
/// Upper tail P(X &gt;= x) of a chi-square variable with k degrees of freedom: Q(k/2, x/2), the regularized upper incomplete gamma.
/// Source: Press et al., Numerical Recipes 3rd ed. (2007) §6.2 (series for x &lt; a+1, Lentz continued fraction beyond); ln Γ by Lanczos (g=7, n=9).
/// </summary>
public static class ChiSquareDistribution
{
    public static double Survival(double x, double degreesOfFreedom)
    {
        if (!(degreesOfFreedom > 0)) throw new ArgumentException($"degrees of freedom = {degreesOfFreedom}: accepted > 0.", nameof(degreesOfFreedom));
        if (double.IsNaN(x)) return double.NaN;
        if (x <= 0) return 1;
        return UpperRegularizedGamma(degreesOfFreedom / 2, x / 2);
    }

    /// <summary>Q(a, x) = Γ(a, x) / Γ(a).</summary>
    public static double UpperRegularizedGamma(double a, double x)
    {
        if (x <= 0) return 1;
        double lnPrefix = a * Math.Log(x) - x - LogGamma(a);
        if (x < a + 1)
        {
            double term = 1 / a, sum = term;
            for (int n = 1; n < 1000 && Math.Abs(term) > 1e-17 * Math.Abs(sum); n++)
            {
                term *= x / (a + n);
                sum += term;
            }
            return Math.Max(0, 1 - sum * Math.Exp(lnPrefix));
        }
        const double tiny = 1e-300;
        double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
        for (int i = 1; i < 1000; i++)
        {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b; if (Math.Abs(d) < tiny) d = tiny;
            c = b + an / c; if (Math.Abs(c) < tiny) c = tiny;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-16) break;
        }
        return Math.Exp(lnPrefix) * h;
    }

    static readonly double[] Lanczos =
    {
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    };

    /// <summary>ln Γ(z) for z &gt; 0 (Lanczos approximation, ~1e-15 relative).</summary>
    public static double LogGamma(double z)
    {
        if (z < 0.5) return Math.Log(Math.PI / Math.Sin(Math.PI * z)) - LogGamma(1 - z);
        z -= 1;
        double sum = Lanczos[0];
        for (int i = 1; i < Lanczos.Length; i++) sum += Lanczos[i] / (z + i);
        double t = z + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (z + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }
}
