namespace GapLab.Data;

/// <summary>Seeded subsets of a dataset; the chosen samples keep their original relative order.</summary>
public static class Subsample
{
    /// <summary>
    /// <paramref name="count"/> samples spread over the classes as evenly as possible: every class gets the same quota,
    /// classes with fewer samples give all they have and the rest is shared among the others; a remainder of one extra
    /// sample goes to the lowest-numbered classes that still have samples. Which samples of a class: uniform at random.
    /// </summary>
    public static Dataset Stratified(Dataset d, int count, int seed)
    {
        CheckCount(d, count);
        var byClass = Enumerable.Range(0, d.NumClasses).Select(_ => new List<int>()).ToArray();
        for (int i = 0; i < d.Count; i++) byClass[d.Labels[i]].Add(i);
        var quota = BalancedQuota(byClass.Select(c => c.Count).ToArray(), count);
        var rng = new Random(seed);
        var chosen = new List<int>(count);
        for (int c = 0; c < byClass.Length; c++)
        {
            var members = byClass[c].ToArray();
            rng.Shuffle(members);
            chosen.AddRange(members.Take(quota[c]));
        }
        chosen.Sort();
        return d.Subset(chosen, $"{d.Name}+stratified({count},seed={seed})");
    }

    /// <summary><paramref name="count"/> samples drawn uniformly without replacement.</summary>
    public static Dataset Random(Dataset d, int count, int seed)
    {
        CheckCount(d, count);
        var chosen = new System.Random(seed).Permutation(d.Count).AsSpan(0, count).ToArray();
        Array.Sort(chosen);
        return d.Subset(chosen, $"{d.Name}+random({count},seed={seed})");
    }

    /// <summary>Per-class counts summing to <paramref name="count"/>, as equal as <paramref name="available"/> allows (water filling).</summary>
    public static int[] BalancedQuota(IReadOnlyList<int> available, int count)
    {
        if (count > available.Sum()) throw new ArgumentOutOfRangeException(nameof(count), count, $"Only {available.Sum()} samples are available.");
        var quota = new int[available.Count];
        var open = Enumerable.Range(0, available.Count).Where(c => available[c] > 0).ToList();
        int remaining = count;
        while (remaining > 0)
        {
            int share = remaining / open.Count;
            var full = open.Where(c => available[c] - quota[c] <= share).ToList();
            if (full.Count > 0)
            {
                foreach (int c in full) { remaining -= available[c] - quota[c]; quota[c] = available[c]; open.Remove(c); }
                continue;
            }
            foreach (int c in open) quota[c] += share;
            remaining -= share * open.Count;
            for (int i = 0; i < remaining; i++) quota[open[i]]++;
            remaining = 0;
        }
        return quota;
    }

    static void CheckCount(Dataset d, int count)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (count < 0 || count > d.Count)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"Dataset '{d.Name}' has {d.Count} samples; count must be in [0, {d.Count}].");
    }
}
