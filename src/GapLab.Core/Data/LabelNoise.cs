using System.Globalization;

namespace GapLab.Data;

/// <summary>Result of <see cref="LabelNoise.Apply"/>: the noisy dataset and the ascending indices whose label changed.</summary>
public sealed record LabelNoiseResult(Dataset Dataset, int[] ChangedIndices);

/// <summary>
/// Symmetric label noise as in Zhang et al. 2017 ("Understanding deep learning requires rethinking generalization"):
/// exactly round(fraction * N) samples, chosen uniformly without replacement, get a label drawn uniformly from the
/// other classes (so every chosen label really changes).
/// </summary>
public static class LabelNoise
{
    /// <summary>Number of labels changed for <paramref name="count"/> samples: round half away from zero of fraction * count.</summary>
    public static int ChangedCount(int count, double fraction) => (int)Math.Round(fraction * count, MidpointRounding.AwayFromZero);

    public static LabelNoiseResult Apply(Dataset d, double fraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (!(fraction >= 0 && fraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "Label-noise fraction must be in [0, 1].");
        int changed = ChangedCount(d.Count, fraction);
        if (changed > 0 && d.NumClasses < 2)
            throw new ArgumentException($"Dataset '{d.Name}' has {d.NumClasses} class; label noise needs at least 2.");
        var rng = new Random(seed);
        var chosen = rng.Permutation(d.Count).AsSpan(0, changed).ToArray();
        Array.Sort(chosen);
        var labels = (int[])d.Labels.Clone();
        foreach (int i in chosen)
            labels[i] = (labels[i] + 1 + rng.Next(d.NumClasses - 1)) % d.NumClasses;
        string name = $"{d.Name}+label_noise({fraction.ToString(CultureInfo.InvariantCulture)},seed={seed})";
        return new LabelNoiseResult(d.WithLabels(labels, name), chosen);
    }
}
