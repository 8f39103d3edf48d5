using System.Globalization;

namespace GapLab.Benchmarking;

/// <summary>Names of the test sets of an evaluation: <c>clean</c>, <c>corruption:NAME:SEVERITY</c>, or a domain shift (<c>shift:...</c>).</summary>
public static class BenchmarkTestSets
{
    public const string Clean = "clean";
    const string CorruptionPrefix = "corruption:";

    public static string Corruption(string name, int severity) => $"{CorruptionPrefix}{name}:{severity.ToString(CultureInfo.InvariantCulture)}";

    public static bool IsCorruption(string testSet) => testSet.StartsWith(CorruptionPrefix, StringComparison.Ordinal);

    public static bool IsOod(string testSet) => Quality.DomainShift.IsShift(testSet);

    /// <summary>(corruption, severity) of a corruption test set name.</summary>
    public static (string Name, int Severity) ParseCorruption(string testSet)
    {
        var parts = testSet[CorruptionPrefix.Length..].Split(':');
        return (parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}
