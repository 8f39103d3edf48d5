namespace GapLab.Data;

/// <summary>Training-set size control: seeded class-balanced (stratified) or uniform subsamples without replacement.</summary>
public static class Subsample
{
    /// <summary>
    /// <paramref name="count"/> samples, as class-balanced as the class sizes allow (each class gets floor or ceil of
    /// count/classes, the remainder going to the lowest class indices; a short class gives its surplus to the others).
    /// Selected indices keep the original order.
    /// </summary>
    public static Dataset Stratified(Dataset d, int count, int seed)
    {
        Check(d, count);
        var rng = new Random(seed);
        var byClass = Enumerable.Range(0, d.NumClasses).Select(_ => new List<int>()).ToArray();
        for (int i = 0; i < d.Count; i++) byClass[d.Labels[i]].Add(i);
        foreach (var list in byClass) Shuffle(list, rng);
        var quota = new int[d.NumClasses];
        int left = count;
        // water-filling: give every class an equal share, capped by its size, until the count is reached
        while (left > 0)
        {
            var open = Enumerable.Range(0, d.NumClasses).Where(c => quota[c] < byClass[c].Count).ToArray();
            int share = Math.Max(1, left / open.Length);
            foreach (var c in open)
            {
                int add = Math.Min(Math.Min(share, byClass[c].Count - quota[c]), left);
                quota[c] += add;
                left -= add;
                if (left == 0) break;
            }
        }
        var chosen = new List<int>(count);
        for (int c = 0; c < d.NumClasses; c++) chosen.AddRange(byClass[c].Take(quota[c]));
        chosen.Sort();
        return d.Subset(chosen, $"{d.Name}[stratified n={count},seed={seed}]");
    }

    /// <summary><paramref name="count"/> samples drawn uniformly without replacement, original order kept.</summary>
    public static Dataset Random(Dataset d, int count, int seed)
    {
        Check(d, count);
        var idx = Enumerable.Range(0, d.Count).ToList();
        Shuffle(idx, new Random(seed));
        var chosen = idx.Take(count).Order().ToArray();
        return d.Subset(chosen, $"{d.Name}[random n={count},seed={seed}]");
    }

    static void Check(Dataset d, int count)
    {
        if (count < 1 || count > d.Count)
            throw new ArgumentOutOfRangeException(nameof(count), $"subsample size {count} must be in [1, {d.Count}] for dataset '{d.Name}'.");
    }

    /// <summary>Fisher-Yates shuffle with the given generator.</summary>
    internal static void Shuffle<T>(IList<T> list, Random rng)
    {
        for (int i = list.Count - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }
}
