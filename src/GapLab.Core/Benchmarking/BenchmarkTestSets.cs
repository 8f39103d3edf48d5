using System.Globalization;

namespace GapLab.Benchmarking;

/// <summary>
/// Names of the test sets of an evaluation: <c>clean</c>, <c>corruption:NAME:SEVERITY</c>, a domain shift (<c>shift:...</c>), or an attack
/// of the model's own clean images (<c>adversarial:fgsm:EPS</c>, <c>adversarial:pgd:EPS</c>: the images differ per model).
/// </summary>
public static class BenchmarkTestSets
{
    public const string Clean = "clean";
    public const string Fgsm = "fgsm", Pgd = "pgd";
    const string CorruptionPrefix = "corruption:", AdversarialPrefix = "adversarial:";

    public static string Corruption(string name, int severity) => $"{CorruptionPrefix}{name}:{severity.ToString(CultureInfo.InvariantCulture)}";

    public static bool IsCorruption(string testSet) => testSet.StartsWith(CorruptionPrefix, StringComparison.Ordinal);

    public static bool IsOod(string testSet) => Quality.DomainShift.IsShift(testSet);

    /// <summary>(corruption, severity) of a corruption test set name.</summary>
    public static (string Name, int Severity) ParseCorruption(string testSet)
    {
        var parts = testSet[CorruptionPrefix.Length..].Split(':');
        return (parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    public static string Adversarial(string attack, double epsilon) => $"{AdversarialPrefix}{attack}:{epsilon.ToString("R", CultureInfo.InvariantCulture)}";

    public static bool IsAdversarial(string testSet) => testSet.StartsWith(AdversarialPrefix, StringComparison.Ordinal);

    /// <summary>True for an attack (<see cref="Fgsm"/> or <see cref="Pgd"/>) test set.</summary>
    public static bool IsAttack(string testSet, string attack) => testSet.StartsWith($"{AdversarialPrefix}{attack}:", StringComparison.Ordinal);

    /// <summary>(attack, epsilon) of an adversarial test set name.</summary>
    public static (string Attack, double Epsilon) ParseAdversarial(string testSet)
    {
        var parts = testSet[AdversarialPrefix.Length..].Split(':');
        return (parts[0], double.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}
