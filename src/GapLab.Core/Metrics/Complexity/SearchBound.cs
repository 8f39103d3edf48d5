namespace GapLab.Metrics.Complexity;

/// <summary>Where a perturbation-scale search ended relative to its own search interval.</summary>
public enum SearchBound
{
    /// <summary>Inside the interval: converged, or bracketed to the search's resolution.</summary>
    None,
    /// <summary>The target drop was exceeded already at the smallest scale tried: the true scale is at most <see cref="SearchResult.Scale"/>.</summary>
    Lower,
    /// <summary>The target drop was not reached at the largest scale tried: the true scale is at least <see cref="SearchResult.Scale"/>.</summary>
    Upper,
}
