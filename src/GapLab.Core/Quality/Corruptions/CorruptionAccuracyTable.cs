namespace GapLab.Quality;

/// <summary>Accuracy of one model on one corruption at one severity.</summary>
public sealed record CorruptionAccuracy(string Corruption, int Severity, double Accuracy);

/// <summary>A model's clean accuracy and its accuracy per corruption and severity (the input of every corruption metric).</summary>
public sealed record CorruptionAccuracyTable(string ModelName, double CleanAccuracy, IReadOnlyList<CorruptionAccuracy> Entries, int SampleCount, long Seed)
{
    /// <summary>Corruptions in first-appearance order.</summary>
    public IReadOnlyList<string> Corruptions => Entries.Select(e => e.Corruption).Distinct().ToArray();

    /// <summary>Severities measured for <paramref name="corruption"/>, ascending.</summary>
    public IReadOnlyList<int> Severities(string corruption) =>
        Entries.Where(e => e.Corruption == corruption).Select(e => e.Severity).OrderBy(s => s).ToArray();

    public double Accuracy(string corruption, int severity) =>
        Entries.FirstOrDefault(e => e.Corruption == corruption && e.Severity == severity)?.Accuracy
        ?? throw new ArgumentException($"model '{ModelName}' has no accuracy for {corruption} severity {severity}.");

    /// <summary>Checks accuracies are in [0,1] and each (corruption, severity) appears once.</summary>
    public void Validate()
    {
        if (Entries.Count == 0) throw new ArgumentException($"model '{ModelName}': the corruption table is empty.");
        if (!(CleanAccuracy >= 0 && CleanAccuracy <= 1)) throw new ArgumentException($"model '{ModelName}': clean accuracy {CleanAccuracy} is outside [0,1].");
        foreach (var e in Entries)
        {
            if (!(e.Accuracy >= 0 && e.Accuracy <= 1))
                throw new ArgumentException($"model '{ModelName}': accuracy {e.Accuracy} for {e.Corruption} severity {e.Severity} is outside [0,1].");
            if (e.Severity < 1 || e.Severity > CorruptionCatalog.MaxSeverity)
                throw new ArgumentException($"model '{ModelName}': severity {e.Severity} for {e.Corruption} is outside 1..{CorruptionCatalog.MaxSeverity}.");
        }
        var dup = Entries.GroupBy(e => (e.Corruption, e.Severity)).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new ArgumentException($"model '{ModelName}': {dup.Key.Corruption} severity {dup.Key.Severity} appears {dup.Count()} times.");
    }
}
