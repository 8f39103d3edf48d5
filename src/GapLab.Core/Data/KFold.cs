namespace GapLab.Data;

/// <summary>One cross-validation fold: ascending train and validation indices that partition 0..n-1.</summary>
public sealed record Fold(int[] Train, int[] Validation);

/// <summary>K-fold cross-validation index splits (each index is in exactly one validation fold).</summary>
public static class KFold
{
    /// <summary>
    /// <paramref name="k"/> folds of 0..n-1; the first n mod k folds hold one extra index. With
    /// <paramref name="shuffle"/> the indices are permuted by <see cref="Random"/>(seed) first, else folds are contiguous.
    /// </summary>
    public static IReadOnlyList<Fold> Split(int n, int k, int seed, bool shuffle = true)
    {
        CheckK(n, k);
        var order = shuffle ? new Random(seed).Permutation(n) : Enumerable.Range(0, n).ToArray();
        var folds = new List<Fold>(k);
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
    /// Stratified folds: the indices of each class (ascending classes, shuffled within class by <see cref="Random"/>(seed))
    /// are dealt round-robin to the folds, continuing across classes, so per-class and total fold sizes differ by at most one.
    /// </summary>
    public static IReadOnlyList<Fold> Stratified(int[] labels, int k, int seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        CheckK(labels.Length, k);
        if (labels.Any(l => l < 0)) throw new ArgumentException("Labels must be non-negative.", nameof(labels));
        var rng = new Random(seed);
        var members = new List<int>[k];
        for (int f = 0; f < k; f++) members[f] = new List<int>();
        int dealt = 0;
        foreach (var group in Enumerable.Range(0, labels.Length).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            var idx = group.ToArray();
            rng.Shuffle(idx);
            foreach (int i in idx) members[dealt++ % k].Add(i);
        }
        return members.Select(m => MakeFold(labels.Length, m.ToArray())).ToArray();
    }

    static Fold MakeFold(int n, int[] validation)
    {
        Array.Sort(validation);
        var inVal = new bool[n];
        foreach (int i in validation) inVal[i] = true;
        return new Fold(Enumerable.Range(0, n).Where(i => !inVal[i]).ToArray(), validation);
    }

    static void CheckK(int n, int k)
    {
        if (k < 2 || k > n)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k-fold needs 2 <= k <= n = {n}.");
    }
}
