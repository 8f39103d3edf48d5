namespace GapLab.Quality;

/// <summary>Per corruption: the interpolated severity at which accuracy first falls more than Drop below clean (null = never within the measured severities).</summary>
public sealed record CorruptionDropThresholdResult(double Drop, IReadOnlyDictionary<string, double?> Severity);

/// <summary>
/// With a_0 = clean accuracy and a_s the accuracy at severity s, target t = a_0 - drop; the first s with a_s &lt; t gives s* = (s-1) + (a_{s-1} - t)/(a_{s-1} - a_s).
/// Source: GapLab definition (brief); linear interpolation between consecutive measured severities, drop in absolute accuracy points.
/// </summary>
public static class CorruptionDropThreshold
{
    public static CorruptionDropThresholdResult Compute(CorruptionAccuracyTable table, double drop)
    {
        ArgumentNullException.ThrowIfNull(table);
        table.Validate();
        if (!(drop > 0 && drop <= 1)) throw new ArgumentException($"drop {drop} must be an absolute accuracy amount in (0,1], e.g. 0.1.", nameof(drop));
        double target = table.CleanAccuracy - drop;
        var result = new Dictionary<string, double?>();
        foreach (var c in table.Corruptions)
        {
            var severities = table.Severities(c);
            double? found = null;
            double previousSeverity = 0, previousAccuracy = table.CleanAccuracy;
            foreach (var s in severities)
            {
                double a = table.Accuracy(c, s);
                if (a < target)
                {
                    found = previousSeverity + (s - previousSeverity) * (previousAccuracy - target) / (previousAccuracy - a);
                    break;
                }
                (previousSeverity, previousAccuracy) = (s, a);
            }
            result[c] = found;
        }
        return new CorruptionDropThresholdResult(drop, result);
    }
}
