namespace GapLab.Data;

/// <summary>Helpers over <see cref="Random"/>(seed), whose seeded sequence is stable across .NET versions.</summary>
internal static class SeededRandom
{
    /// <summary>Standard normal draw by the Box-Muller transform (one of the pair is used).</summary>
    public static double NextGaussian(this Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(); // (0, 1]
        double u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A uniformly random permutation of 0..n-1 (the Fisher-Yates shuffle shared with <see cref="Subsample"/>).</summary>
    public static int[] Permutation(this Random rng, int n)
    {
        var p = Enumerable.Range(0, n).ToArray();
        Subsample.Shuffle(p, rng);
        return p;
    }

    /// <summary><paramref name="n"/> labels as balanced as possible (i mod classes), in random order.</summary>
    public static int[] BalancedLabels(this Random rng, int n, int classes)
    {
        var y = new int[n];
        for (int i = 0; i < n; i++) y[i] = i % classes;
        Subsample.Shuffle(y, rng);
        return y;
    }
}
