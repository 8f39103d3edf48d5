using System.Globalization;
using GapLab.IO;

namespace GapLab.Metrics.Complexity;

/// <summary>
/// Outcome of a perturbation-scale search: the scale found (sigma', alpha' or m: the last candidate tried), the accuracy drop
/// measured there, the number of candidates tried, and whether the drop hit the target within the tolerance.
/// <see cref="Bound"/> says when the scale sits at an end of the search interval (a bound, not a value that ranks);
/// <see cref="BracketLow"/>..<see cref="BracketHigh"/> is the final bracket; <see cref="NotMeaningful"/> says why the search
/// cannot answer for this model (the scale is then NaN).
/// </summary>
public sealed record SearchResult(double Scale, double Deviation, int Iterations, bool Converged)
{
    /// <inheritdoc cref="SearchBound"/>
    public SearchBound Bound { get; init; }

    /// <summary>The final bracket: the largest scale whose drop stayed below the target and the smallest that exceeded it (NaN: none found).</summary>
    public double BracketLow { get; init; } = double.NaN;

    /// <inheritdoc cref="BracketLow"/>
    public double BracketHigh { get; init; } = double.NaN;

    /// <summary>Log (geometric bisection after expanding the bracket) or Linear (bisection on [0, max], the reference's search).</summary>
    public SearchScheme Scheme { get; init; } = SearchScheme.Linear;

    /// <summary>Why the measure is not meaningful for this model (null: it is).</summary>
    public string? NotMeaningful { get; init; }

    /// <summary>True when the scale is a bound (<see cref="Bound"/> is not <see cref="SearchBound.None"/>).</summary>
    public bool AtBound => Bound != SearchBound.None;

    /// <summary>One line for the measure notes.</summary>
    public string Describe(string symbol)
    {
        var c = CultureInfo.InvariantCulture;
        if (NotMeaningful is not null) return $"not meaningful for this model: {NotMeaningful}";
        string end = Converged ? "converged"
            : Bound == SearchBound.Lower ? string.Create(c, $"AT THE SEARCH'S LOWER BOUND: the drop exceeds the target already at {symbol}={Scale:G4}, so the true {symbol} <= {Scale:G4}; a bound, not a value that ranks")
            : Bound == SearchBound.Upper ? string.Create(c, $"AT THE SEARCH'S UPPER BOUND: the drop stays below the target up to {symbol}={Scale:G4}, so the true {symbol} >= {Scale:G4}; a bound, not a value that ranks")
            : string.Create(c, $"not converged, bracketed in [{BracketLow:G6}, {BracketHigh:G6}]");
        return string.Create(c, $"{symbol}={Scale:G6} (accuracy drop {Deviation:F4}, {Iterations} step(s), {Scheme.Text()} search, {end})");
    }
}
