namespace GapLab.Metrics.Complexity;

/// <summary>
/// The two scale searches: bisection on [0, max] (the reference codes') and a log-scale search that first expands a bracket
/// from a start value by a constant factor within [min, max], then bisects it geometrically, so that its resolution is relative
/// to the scale found (a bisection on [0, 2] of depth 10 cannot tell apart scales below 2/1024). Both stop when the drop is within
/// the tolerance of the target and flag a scale at an end of the interval as a bound. Source: spec metrics.md 2.5 (bisection); GapLab.
/// </summary>
public static class ScaleSearch
{
    /// <summary>
    /// Bisection of [0, <paramref name="max"/>] for the scale whose drop <paramref name="dropAt"/> is
    /// <paramref name="target"/> +- <paramref name="tolerance"/>: at most <paramref name="iterations"/> candidates, stopping when the
    /// bracket is narrower than <paramref name="minWidth"/>. A search that never saw a drop above the target (or never one below)
    /// ends at a bound.
    /// </summary>
    public static SearchResult Linear(Func<double, double> dropAt, double max, int iterations, double target, double tolerance, double minWidth = 0, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dropAt);
        double lower = 0, upper = max, scale = max / 2, deviation = double.NaN;
        int iteration = 0;
        for (; iteration < iterations && upper - lower > minWidth; iteration++)
        {
            ct.ThrowIfCancellationRequested();
            scale = (lower + upper) / 2;
            deviation = dropAt(scale);
            if (Math.Abs(deviation - target) < tolerance)
                return new SearchResult(scale, deviation, iteration + 1, true) { BracketLow = lower, BracketHigh = upper };
            if (deviation > target) upper = scale; else lower = scale;
        }
        var bound = lower == 0 ? SearchBound.Lower : upper == max ? SearchBound.Upper : SearchBound.None;
        return new SearchResult(scale, deviation, iteration, false) { Bound = bound, BracketLow = lower, BracketHigh = upper };
    }

    /// <summary>
    /// Log-scale search: from <paramref name="start"/>, multiply (drop below the target) or divide (above) by
    /// <paramref name="factor"/> within [<paramref name="min"/>, <paramref name="max"/>] until the target is bracketed, then
    /// <paramref name="depth"/> geometric bisections. Reaching <paramref name="min"/> with the drop still above the target ends at
    /// the lower bound; reaching <paramref name="max"/> with it still below, at the upper bound.
    /// </summary>
    public static SearchResult Log(Func<double, double> dropAt, double start, double min, double max, int depth, double target, double tolerance,
        double factor = 4, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dropAt);
        if (!(min > 0 && max > min && factor > 1)) throw new ArgumentException($"A log-scale search needs 0 < min < max and factor > 1; got min {min}, max {max}, factor {factor}.");
        double low = double.NaN, high = double.NaN, scale = Math.Clamp(start, min, max), deviation;
        int iteration = 0;
        SearchResult Done(bool converged, SearchBound bound = SearchBound.None) =>
            new(scale, deviation, iteration, converged) { Bound = bound, BracketLow = low, BracketHigh = high, Scheme = SearchScheme.Log };
        while (true) // expand until the target is bracketed
        {
            ct.ThrowIfCancellationRequested();
            deviation = dropAt(scale);
            iteration++;
            if (Math.Abs(deviation - target) < tolerance) return Done(true);
            if (deviation > target)
            {
                high = scale;
                if (!double.IsNaN(low)) break;
                if (scale <= min) return Done(false, SearchBound.Lower);
                scale = Math.Max(scale / factor, min);
            }
            else
            {
                low = scale;
                if (!double.IsNaN(high)) break;
                if (scale >= max) return Done(false, SearchBound.Upper);
                scale = Math.Min(scale * factor, max);
            }
        }
        for (int i = 0; i < depth; i++)
        {
            ct.ThrowIfCancellationRequested();
            scale = Math.Sqrt(low * high);
            deviation = dropAt(scale);
            iteration++;
            if (Math.Abs(deviation - target) < tolerance) return Done(true);
            if (deviation > target) high = scale; else low = scale;
        }
        return Done(false);
    }
}
