namespace GapLab.Metrics.Correlation;

/// <summary>How a percentile falls between two order statistics (numpy's <c>method</c> names).</summary>
public enum PercentileInterpolation { Linear, Lower, Higher, Nearest, Midpoint }

/// <summary>
/// Mean, standard deviation with a chosen ddof, and percentiles by numpy's rules: position p = q/100 · (n-1) in the
/// sorted values, then the chosen interpolation. Source: numpy.std / numpy.percentile documentation.
/// </summary>
public static class SampleStatistics
{
    /// <summary>Arithmetic mean; throws on an empty input.</summary>
    public static double Mean(IReadOnlyList<double> values)
    {
        RequireNonEmpty(values);
        double sum = 0;
        foreach (var v in values) sum += v;
        return sum / values.Count;
    }

    /// <summary>sqrt(Σ(v - mean)² / (n - ddof)); ddof 0 is numpy's default, ddof 1 is pandas'. NaN when n &lt;= ddof.</summary>
    public static double StandardDeviation(IReadOnlyList<double> values, int ddof)
    {
        RequireNonEmpty(values);
        if (ddof < 0) throw new ArgumentException($"ddof = {ddof} is invalid: accepted 0 (population) or 1 (sample).", nameof(ddof));
        if (values.Count <= ddof) return double.NaN;
        double mean = Mean(values), ss = 0;
        foreach (var v in values) ss += (v - mean) * (v - mean);
        return Math.Sqrt(ss / (values.Count - ddof));
    }

    /// <summary>The q-th percentile (q in [0, 100]) of <paramref name="values"/> (any order).</summary>
    public static double Percentile(IReadOnlyList<double> values, double q, PercentileInterpolation interpolation = PercentileInterpolation.Linear)
    {
        RequireNonEmpty(values);
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return PercentileOfSorted(sorted, q, interpolation);
    }

    /// <summary>The q-th percentile of values already sorted ascending.</summary>
    public static double PercentileOfSorted(IReadOnlyList<double> sorted, double q, PercentileInterpolation interpolation = PercentileInterpolation.Linear)
    {
        RequireNonEmpty(sorted);
        if (!(q >= 0 && q <= 100)) throw new ArgumentException($"percentile q = {q} is invalid: accepted [0, 100].", nameof(q));
        double pos = q / 100 * (sorted.Count - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(lo + 1, sorted.Count - 1);
        double frac = pos - lo;
        return interpolation switch
        {
            PercentileInterpolation.Linear => sorted[lo] + frac * (sorted[hi] - sorted[lo]),
            PercentileInterpolation.Lower => sorted[lo],
            PercentileInterpolation.Higher => frac > 0 ? sorted[hi] : sorted[lo],
            // numpy's "nearest" rounds half to even on the position
            PercentileInterpolation.Nearest => sorted[(int)Math.Round(pos, MidpointRounding.ToEven)],
            PercentileInterpolation.Midpoint => frac > 0 ? 0.5 * (sorted[lo] + sorted[hi]) : sorted[lo],
            _ => throw new ArgumentException($"interpolation = {interpolation} is invalid: accepted {string.Join(", ", Enum.GetNames<PercentileInterpolation>())}.", nameof(interpolation)),
        };
    }

    /// <summary>Throws when any value is NaN, naming the argument and the first bad index.</summary>
    internal static void RequireFinite(IReadOnlyList<double> values, string name)
    {
        for (int i = 0; i < values.Count; i++)
            if (double.IsNaN(values[i]) || double.IsInfinity(values[i]))
                throw new ArgumentException($"{name}[{i}] = {values[i]} is invalid: accepted finite numbers only.", name);
    }

    static void RequireNonEmpty(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) throw new ArgumentException("values is empty: accepted at least one value.", nameof(values));
    }
}
