namespace GapLab.Quality;

/// <summary>Accuracy on one shifted test set and its ratio to clean accuracy.</summary>
public sealed record OodSetAccuracy(string Name, int SampleCount, double Accuracy, double RelativeAccuracy);

/// <summary>OOD-robustness dimension value with the clean accuracy it is relative to and every set's accuracy.</summary>
public sealed record OodRobustnessResult(double CleanAccuracy, IReadOnlyList<OodSetAccuracy> Sets, double Value);

/// <summary>
/// OOD robustness = mean over the named shifted sets s of acc_s / acc_clean (relative accuracy, like the corruption dimension).
/// Source: Hesse et al. 2025, spec 5.1(4) uses relative accuracy on ImageNet shifts; here the user names the sets (GapLab definition).
/// </summary>
public static class OodRobustness
{
    public static OodRobustnessResult Compute(double cleanAccuracy, IReadOnlyList<(string Name, int SampleCount, double Accuracy)> sets)
    {
        ArgumentNullException.ThrowIfNull(sets);
        if (!(cleanAccuracy > 0 && cleanAccuracy <= 1))
            throw new ArgumentException($"OOD robustness needs a clean accuracy in (0,1]; got {cleanAccuracy}.", nameof(cleanAccuracy));
        if (sets.Count == 0) throw new ArgumentException("OOD robustness needs at least one shifted test set.", nameof(sets));
        foreach (var s in sets)
            if (!(s.Accuracy >= 0 && s.Accuracy <= 1)) throw new ArgumentException($"OOD set '{s.Name}': accuracy {s.Accuracy} is outside [0,1].", nameof(sets));
        var dup = sets.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new ArgumentException($"OOD set '{dup.Key}' is named twice.", nameof(sets));
        var rows = sets.Select(s => new OodSetAccuracy(s.Name, s.SampleCount, s.Accuracy, s.Accuracy / cleanAccuracy)).ToArray();
        return new OodRobustnessResult(cleanAccuracy, rows, rows.Average(r => r.RelativeAccuracy));
    }
}
