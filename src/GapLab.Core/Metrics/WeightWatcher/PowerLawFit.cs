namespace GapLab.Metrics.WeightWatcher;

/// <summary>Power-law tail fit: exponent alpha, lower cut-off xmin, KS distance D, MLE standard error sigma = (alpha-1)/sqrt(tail size), num_pl_spikes = #{x >= xmin}.</summary>
public sealed record PowerLawFitResult(double Alpha, double Xmin, double D, double Sigma, int NumPlSpikes);

/// <summary>
/// For each candidate xmin = x_i (ascending, all but the largest): alpha_i = 1 + n / Σ_{k≥i} ln(x_k/x_i), D_i = max_k |1 - (x_k/x_i)^(1-alpha_i) - (k-i)/n|;
/// keep argmin D. Source: Clauset, Shalizi, Newman (2009) SIAM Rev. 51:661; WeightWatcher WW_powerlaw (pl_package='ww', fit='PL') (spec 4.2).
/// </summary>
public static class PowerLawFit
{
    /// <summary>
    /// Fits the eigenvalues (any order, all positive, at least 2). Candidates whose tail has no spread (alpha undefined) or alpha &lt;= 1 get D = 1,
    /// as WeightWatcher; ties in D keep the smallest xmin. Returns null when no candidate has a finite alpha (all values equal).
    /// O(N) for every alpha via suffix sums of ln x; O(N²) worst case for the KS distances (a candidate stops once its D reaches the best so far).
    /// </summary>
    public static PowerLawFitResult? Fit(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count < 2) throw new ArgumentException($"{values.Count} value(s): accepted at least 2 positive values to fit a power law.", nameof(values));
        var x = values.ToArray();
        for (int k = 0; k < x.Length; k++)
            if (!(x[k] > 0) || !double.IsFinite(x[k]))
                throw new ArgumentException($"values[{k}] = {x[k]} is invalid: accepted finite positive values (drop eigenvalues below the floor first).", nameof(values));
        Array.Sort(x);
        int count = x.Length;
        var log = new double[count];
        for (int k = 0; k < count; k++) log[k] = Math.Log(x[k]);
        var suffix = new double[count + 1];
        for (int k = count - 1; k >= 0; k--) suffix[k] = suffix[k + 1] + log[k];

        int best = -1;
        double bestD = double.PositiveInfinity, bestAlpha = double.NaN;
        for (int i = 0; i < count - 1; i++)
        {
            int n = count - i;
            double spread = suffix[i] - n * log[i];
            double alpha = spread > 0 ? 1 + n / spread : double.NaN;
            double d = 1;
            if (alpha > 1)
            {
                d = 0;
                double exponent = 1 - alpha;
                for (int k = i; k < count; k++)
                {
                    // (x_k/x_i)^(1-alpha); below e^-700 it is 0 to double precision (and Math.Exp would slow down on subnormals)
                    double power = exponent * (log[k] - log[i]);
                    double gap = Math.Abs(1 - (power < -700 ? 0 : Math.Exp(power)) - (double)(k - i) / n);
                    if (gap > d) d = gap;
                    if (d >= bestD) break; // this candidate can no longer win: D only grows along k
                }
            }
            if (!double.IsNaN(alpha) && d < bestD)
            {
                bestD = d;
                best = i;
                bestAlpha = alpha;
            }
        }
        if (best < 0) return null;
        int tail = count - best;
        int spikes = tail;
        while (count - spikes - 1 >= 0 && x[count - spikes - 1] >= x[best]) spikes++; // #{x >= xmin}, as WW (ties below index best count too)
        return new PowerLawFitResult(bestAlpha, x[best], bestD, (bestAlpha - 1) / Math.Sqrt(tail), spikes);
    }
}
