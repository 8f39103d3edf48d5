namespace GapLab.Data;

/// <summary>
/// Splits a dataset by class, e.g. for the transfer testbed of Huang et al.: a backbone is trained on the seen classes and a
/// linear probe on the seen classes plus the first k unseen ones.
/// </summary>
public static class ClassSplit
{
    /// <summary>
    /// The samples of <paramref name="seenClasses"/> and those of all other classes, each in original order, keeping the
    /// original labels and class names.
    /// </summary>
    public static (Dataset Seen, Dataset Unseen) SeenUnseen(Dataset d, IReadOnlyList<int> seenClasses)
    {
        ArgumentNullException.ThrowIfNull(d);
        var isSeen = ClassMask(d, seenClasses, nameof(seenClasses));
        if (seenClasses.Count == 0) throw new ArgumentException($"Dataset '{d.Name}': the seen-class list is empty; give at least one class in [0, {d.NumClasses - 1}].", nameof(seenClasses));
        var seen = Enumerable.Range(0, d.Count).Where(i => isSeen[d.Labels[i]]).ToArray();
        var unseen = Enumerable.Range(0, d.Count).Where(i => !isSeen[d.Labels[i]]).ToArray();
        return (d.Subset(seen, $"{d.Name}[seen]"), d.Subset(unseen, $"{d.Name}[unseen]"));
    }

    /// <summary>
    /// The samples of the seen classes plus the first <paramref name="k"/> classes of <paramref name="unseenOrder"/>, in
    /// original order, labelled contiguously: <paramref name="seen"/>[i] becomes i, unseenOrder[j] becomes seen.Count + j;
    /// class names follow the new labels.
    /// </summary>
    public static Dataset SeenPlusUnseen(Dataset d, IReadOnlyList<int> seen, IReadOnlyList<int> unseenOrder, int k)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(unseenOrder);
        var isSeen = ClassMask(d, seen, nameof(seen));
        var isUnseen = ClassMask(d, unseenOrder, nameof(unseenOrder));
        for (int c = 0; c < d.NumClasses; c++)
            if (isSeen[c] && isUnseen[c])
                throw new ArgumentException($"Class {c} is in both the seen list and the unseen order; the two must be disjoint.", nameof(unseenOrder));
        if (k < 0 || k > unseenOrder.Count)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be in [0, {unseenOrder.Count}] (the length of the unseen order).");
        var classes = seen.Concat(unseenOrder.Take(k)).ToArray();
        var newLabel = Enumerable.Repeat(-1, d.NumClasses).ToArray();
        for (int i = 0; i < classes.Length; i++) newLabel[classes[i]] = i;
        var indices = Enumerable.Range(0, d.Count).Where(i => newLabel[d.Labels[i]] >= 0).ToArray();
        string name = $"{d.Name}[seen+{k}unseen]";
        var subset = d.Subset(indices, name);
        var labels = subset.Labels.Select(l => newLabel[l]).ToArray();
        return new Dataset(name, subset.Features, labels, d.SampleShape, classes.Select(c => d.ClassNames[c]).ToArray());
    }

    /// <summary>Marks the listed classes; each must be in range and listed once.</summary>
    static bool[] ClassMask(Dataset d, IReadOnlyList<int> classes, string paramName)
    {
        ArgumentNullException.ThrowIfNull(classes, paramName);
        var mask = new bool[d.NumClasses];
        foreach (int c in classes)
        {
            if ((uint)c >= (uint)d.NumClasses)
                throw new ArgumentOutOfRangeException(paramName, c, $"Class {c} is outside [0, {d.NumClasses - 1}] for dataset '{d.Name}'.");
            if (mask[c]) throw new ArgumentException($"Class {c} is listed twice.", paramName);
            mask[c] = true;
        }
        return mask;
    }
}
