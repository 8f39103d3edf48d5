namespace GapLab.Data;

/// <summary>Symmetric label noise: exactly round(fraction * N) samples, chosen uniformly, get a different class drawn uniformly.</summary>
public static class LabelNoise
{
    /// <summary>The noisy dataset and the indices whose label was changed (sorted).</summary>
    public sealed record Result(Dataset Dataset, int[] ChangedIndices);

    public static Result Apply(Dataset d, double fraction, int seed)
    {
        if (double.IsNaN(fraction) || fraction < 0 || fraction > 1)
            throw new ArgumentOutOfRangeException(nameof(fraction), $"label-noise fraction must be in [0, 1], got {fraction}.");
        if (d.NumClasses < 2) throw new ArgumentException($"label noise needs at least 2 classes; dataset '{d.Name}' has {d.NumClasses}.");
        int n = (int)Math.Round(fraction * d.Count, MidpointRounding.AwayFromZero);
        var rng = new Random(seed);
        var idx = Enumerable.Range(0, d.Count).ToList();
        Subsample.Shuffle(idx, rng);
        var changed = idx.Take(n).Order().ToArray();
        var labels = (int[])d.Labels.Clone();
        foreach (var i in changed)
        {
            int other = rng.Next(d.NumClasses - 1);
            labels[i] = other >= labels[i] ? other + 1 : other;
        }
        return new Result(d.WithLabels(labels, $"{d.Name}[label_noise={fraction.ToString(System.Globalization.CultureInfo.InvariantCulture)},seed={seed}]"), changed);
    }
}
