namespace GapLab.Data;

/// <summary>
/// K-fold cross-validation splits of 0..n-1: each index is in exactly one validation fold, and each fold's train indices
/// are all the others. Indices within a fold are ascending.
/// </summary>
public static class KFold
{
    /// <summary>
    /// <paramref name="k"/> folds; the first n mod k folds hold one extra index. With <paramref name="shuffle"/> the
    /// indices are first permuted by a Fisher-Yates shuffle with <see cref="Random"/>(seed), else folds are contiguous runs.
    /// </summary>
    public static IReadOnlyList<(int[] Train, int[] Validation)> Split(int n, int k, int seed, bool shuffle = true)
    {
        CheckK(n, k);
        var order = shuffle ? new Random(seed).Permutation(n) : Enumerable.Range(0, n).ToArray();
        var folds = new List<(int[], int[])>(k);
        int start = 0;
        for (int f = 0; f < k; f++)
        {
            int size = n / k + (f < n % k ? 1 : 0);
            folds.Add(MakeFold(n, order.AsSpan(start, size).ToArray()));
            start += size;
        }
        return folds;
    }

    /// <summary>
    /// Stratified folds: the indices of each class (classes ascending, indices shuffled within the class by
    /// <see cref="Random"/>(seed)) are dealt round-robin to the folds, continuing across classes, so per-class counts
    /// and total fold sizes each differ by at most one between folds.
    /// </summary>
    public static IReadOnlyList<(int[] Train, int[] Validation)> Stratified(int[] labels, int k, int seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        CheckK(labels.Length, k);
        for (int i = 0; i < labels.Length; i++)
            if (labels[i] < 0) throw new ArgumentException($"Label {labels[i]} of sample {i} is negative; labels must be >= 0.", nameof(labels));
        var rng = new Random(seed);
        var members = new List<int>[k];
        for (int f = 0; f < k; f++) members[f] = new List<int>();
        int dealt = 0;
        foreach (var group in Enumerable.Range(0, labels.Length).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            var idx = group.ToArray();
            Subsample.Shuffle(idx, rng);
            foreach (int i in idx) members[dealt++ % k].Add(i);
        }
        return members.Select(m => MakeFold(labels.Length, m.ToArray())).ToArray();
    }

    static (int[] Train, int[] Validation) MakeFold(int n, int[] validation)
    {
        Array.Sort(validation);
        var inValidation = new bool[n];
        foreach (int i in validation) inValidation[i] = true;
        return (Enumerable.Range(0, n).Where(i => !inValidation[i]).ToArray(), validation);
    }

    static void CheckK(int n, int k)
    {
        if (k < 2) throw new ArgumentException($"k = {k} is invalid: accepted an integer >= 2 folds.", nameof(k));
        if (n < k) throw new ArgumentException($"n = {n} samples cannot be split into k = {k} folds: accepted n >= k.", nameof(n));
    }
}
