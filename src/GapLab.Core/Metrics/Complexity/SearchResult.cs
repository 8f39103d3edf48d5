namespace GapLab.Metrics.Complexity;

/// <summary>
/// Outcome of a perturbation-scale binary search: the scale found (sigma' or alpha'), the accuracy drop measured there, the
/// number of candidates tried, and whether the drop hit the target within the tolerance.
/// </summary>
public sealed record SearchResult(double Scale, double Deviation, int Iterations, bool Converged)
{
    /// <summary>One line for the measure notes.</summary>
    public string Describe(string symbol) => FormattableString.Invariant(
        $"{symbol}={Scale:G6} (accuracy drop {Deviation:F4}, {Iterations} step(s), {(Converged ? "converged" : "depth exhausted")})");
}
