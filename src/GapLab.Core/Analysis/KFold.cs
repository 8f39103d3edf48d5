namespace GapLab.Analysis;

/// <summary>Shuffled k-fold split of 0..n-1 (System.Random(seed) Fisher–Yates; the first n mod k folds get one extra index).</summary>
internal static class KFold
{
    /// <summary>For each fold: the training indices (sorted) and the held-out indices (sorted).</summary>
    public static IReadOnlyList<(int[] Train, int[] HeldOut)> KFoldIndices(int n, int k, int seed)
    {
        if (k < 2) throw new ArgumentException($"k = {k} is invalid: accepted an integer >= 2 folds.", nameof(k));
        if (n < k) throw new ArgumentException($"n = {n} samples cannot be split into k = {k} folds: accepted n >= k.", nameof(n));
        var order = Enumerable.Range(0, n).ToArray();
        var rng = new Random(seed);
        for (int i = n - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        var folds = new List<(int[], int[])>(k);
        int start = 0;
        for (int f = 0; f < k; f++)
        {
            int size = n / k + (f < n % k ? 1 : 0);
            var heldOut = order.AsSpan(start, size).ToArray();
            var trainIdx = order.Take(start).Concat(order.Skip(start + size)).ToArray();
            Array.Sort(heldOut);
            Array.Sort(trainIdx);
            folds.Add((trainIdx, heldOut));
            start += size;
        }
        return folds;
    }
}
