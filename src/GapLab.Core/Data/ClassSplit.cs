namespace GapLab.Data;

/// <summary>
/// Splits a dataset by class into seen and unseen classes, e.g. for the transfer testbed of Huang et al.: a backbone is
/// trained on the seen classes and a linear probe on the seen classes plus the first k unseen ones.
/// Unseen classes are all classes not in the seen list, in ascending class order.
/// </summary>
public static class ClassSplit
{
    /// <summary>
    /// The samples of <paramref name="seenClasses"/> and those of all other classes, in original order. With
    /// <paramref name="remapLabels"/> the seen labels become 0..s-1 in the order of <paramref name="seenClasses"/> and the
    /// unseen ones 0..u-1 in ascending class order, with matching class names; otherwise labels and names are kept.
    /// </summary>
    public static (Dataset Seen, Dataset Unseen) SeenUnseen(Dataset d, IReadOnlyList<int> seenClasses, bool remapLabels = false)
    {
        ArgumentNullException.ThrowIfNull(d);
        var unseen = UnseenClasses(d.NumClasses, seenClasses);
        if (seenClasses.Count == 0) throw new ArgumentException($"Dataset '{d.Name}': the seen-class list is empty.");
        return (Select(d, seenClasses, remapLabels, $"{d.Name}[seen]"), Select(d, unseen, remapLabels, $"{d.Name}[unseen]"));
    }

    /// <summary>
    /// The samples of the seen classes plus the first <paramref name="k"/> unseen classes (ascending), labelled
    /// contiguously: seen classes 0..s-1 in the order given, then the k unseen ones s..s+k-1.
    /// </summary>
    public static Dataset SeenPlusUnseen(Dataset d, IReadOnlyList<int> seenClasses, int k)
    {
        ArgumentNullException.ThrowIfNull(d);
        var unseen = UnseenClasses(d.NumClasses, seenClasses);
        if (k < 0 || k > unseen.Length)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"Dataset '{d.Name}' has {unseen.Length} unseen classes; k must be in [0, {unseen.Length}].");
        var classes = seenClasses.Concat(unseen.Take(k)).ToArray();
        return Select(d, classes, remap: true, $"{d.Name}[seen+{k}unseen]");
    }

    /// <summary>Classes 0..numClasses-1 that are not in <paramref name="seenClasses"/>, ascending; validates the seen list.</summary>
    public static int[] UnseenClasses(int numClasses, IReadOnlyList<int> seenClasses)
    {
        ArgumentNullException.ThrowIfNull(seenClasses);
        var isSeen = new bool[numClasses];
        foreach (int c in seenClasses)
        {
            if ((uint)c >= (uint)numClasses)
                throw new ArgumentOutOfRangeException(nameof(seenClasses), c, $"Seen class {c} is outside [0, {numClasses - 1}].");
            if (isSeen[c]) throw new ArgumentException($"Seen class {c} is listed twice.", nameof(seenClasses));
            isSeen[c] = true;
        }
        return Enumerable.Range(0, numClasses).Where(c => !isSeen[c]).ToArray();
    }

    /// <summary>Samples whose class is in <paramref name="classes"/>; remapped labels follow the order of <paramref name="classes"/>.</summary>
    static Dataset Select(Dataset d, IReadOnlyList<int> classes, bool remap, string name)
    {
        var newLabel = Enumerable.Repeat(-1, d.NumClasses).ToArray();
        for (int i = 0; i < classes.Count; i++) newLabel[classes[i]] = i;
        var indices = Enumerable.Range(0, d.Count).Where(i => newLabel[d.Labels[i]] >= 0).ToArray();
        var subset = d.Subset(indices, name);
        if (!remap) return subset;
        var labels = subset.Labels.Select(l => newLabel[l]).ToArray();
        var names = classes.Select(c => d.ClassNames[c]).ToArray();
        return new Dataset(name, subset.Features, labels, d.SampleShape, names);
    }
}
