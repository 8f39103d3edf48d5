namespace GapLab.Metrics.Complexity;

/// <summary>How a perturbation-scale search moves (printed lower-case in notes and options: "log", "linear").</summary>
public enum SearchScheme
{
    /// <summary>Expand a bracket geometrically from a start, then bisect geometrically: resolution relative to the scale found.</summary>
    Log,
    /// <summary>Bisection on [0, max] (the reference codes'): absolute resolution max / 2^depth.</summary>
    Linear,
}
