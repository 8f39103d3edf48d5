namespace GapLab.Metrics.Complexity;

/// <summary>
/// Dataset-size adjustment of a raw measure v for m training examples: LOG_* -> 0.5 (v - ln m), others -> sqrt(v / m).
/// Source: Dziugaite et al. 2020 robust-generalization-measures, measures.py; spec metrics.md 2.1.
/// </summary>
public static class SizeAdjustment
{
    /// <summary>Adjusts <paramref name="raw"/> of measure <paramref name="name"/> for <paramref name="m"/> examples.</summary>
    public static double Apply(string name, double raw, int m)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (m < 1) throw new ArgumentException($"The training-set size m = {m} is invalid: accepted an integer >= 1.", nameof(m));
        return name.StartsWith("LOG_", StringComparison.Ordinal) ? 0.5 * (raw - Math.Log(m)) : Math.Sqrt(raw / m);
    }
}
