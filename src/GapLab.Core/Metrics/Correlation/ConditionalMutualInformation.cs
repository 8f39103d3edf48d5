namespace GapLab.Metrics.Correlation;

/// <summary>One conditioning set S: mean over non-empty cells of I(V_g; V_mu | cell) and of H(V_g | cell), and their ratio.</summary>
public sealed record CmiTerm(IReadOnlyList<string> Conditioning, double MeanMutualInformation, double MeanEntropy, double Score, int Cells, int EmptyCells);

/// <summary>The CMI score (minimum of the term scores) with every term, and an optional bootstrap interval over models.</summary>
public sealed record CmiResult(double Score, IReadOnlyList<CmiTerm> Terms, BootstrapEstimate? Interval);

/// <summary>
/// Conditional mutual information between V_g = [g(θ) &gt; g(θ')] and V_mu = [mu(θ) &gt; mu(θ')] over ordered model pairs,
/// score_S = mean_cells I / mean_cells H(V_g) in bits, CMI = min_S score_S. Source: PGDL scoring program; Jiang et al. 2020 (spec 3.3).
/// </summary>
public static class ConditionalMutualInformation
{
    /// <summary>
    /// Only hyperparameters that vary in the population are conditioned on (a constant one, e.g. a spec default, would turn a
    /// |S| = 2 set into |S| = 1). <paramref name="conditioningSizes"/>: the sizes |S| to take the minimum over; null = PGDL's {2}
    /// (or all varying axes when fewer than 2 vary); Fantastic uses {0, 1, 2}.
    /// Pairs include (θ, θ) and both orders (PGDL's double loop); ties count as "not greater". Empty cells (possible only with an
    /// incomplete grid) are skipped instead of producing NaN. A term whose mean entropy is 0 (all gaps equal) has score NaN and is
    /// left out of the minimum. <paramref name="resamples"/> &gt; 0 adds a bootstrap interval over models (O(B·n²) per term).
    /// </summary>
    public static CmiResult Compute(IReadOnlyList<PopulationMember> population, IReadOnlyList<int>? conditioningSizes = null,
        int resamples = 0, int seed = 0, double confidence = 0.95)
    {
        var grid = HyperparameterLevels.From(population);
        var varying = Enumerable.Range(0, grid.Axes.Length).Where(a => grid.LevelCount(a) > 1).ToArray();
        var sizes = (conditioningSizes ?? [Math.Min(2, varying.Length)]).Distinct().Order().ToArray();
        foreach (var s in sizes)
            if (s < 0 || s > varying.Length)
                throw new ArgumentException($"conditioning size {s} is invalid: accepted 0..{varying.Length} (the number of hyperparameters that vary: " +
                    $"{string.Join(", ", varying.Select(a => grid.Axes[a]))}).", nameof(conditioningSizes));
        var sets = sizes.SelectMany(s => Subsets(varying.Length, s)).Select(set => set.Select(i => varying[i]).ToArray()).ToArray();
        if (sets.Length == 0) throw new ArgumentException("no conditioning set: accepted at least one size.", nameof(conditioningSizes));

        var all = Enumerable.Range(0, grid.Count).ToArray();
        var terms = sets.Select(s => Term(grid, s, all)).ToArray();
        double score = MinScore(terms);
        BootstrapEstimate? interval = resamples == 0 ? null
            : BootstrapInterval.OverUnits(grid.Count, idx => MinScore(sets.Select(s => Term(grid, s, idx)).ToArray()), resamples, seed, confidence);
        return new CmiResult(score, terms, interval);
    }

    static double MinScore(CmiTerm[] terms)
    {
        var finite = terms.Where(t => !double.IsNaN(t.Score)).ToArray();
        return finite.Length == 0 ? double.NaN : finite.Min(t => t.Score);
    }

    static IEnumerable<int[]> Subsets(int n, int k)
    {
        if (k == 0) { yield return []; yield break; }
        for (int first = 0; first <= n - k; first++)
            foreach (var rest in Subsets(n - first - 1, k - 1))
                yield return [first, .. rest.Select(r => r + first + 1)];
    }

    static CmiTerm Term(HyperparameterLevels grid, int[] set, int[] members)
    {
        int cellsPerModel = 1;
        foreach (var a in set) cellsPerModel *= grid.LevelCount(a);
        var cellOf = new int[members.Length];
        for (int i = 0; i < members.Length; i++)
            foreach (var a in set) cellOf[i] = cellOf[i] * grid.LevelCount(a) + grid.Levels[members[i]][a];
        int cells = cellsPerModel * cellsPerModel;
        var counts = new long[cells * 4];
        for (int i = 0; i < members.Length; i++)
        {
            double gi = grid.Gaps[members[i]], mi = grid.Measures[members[i]];
            int rowBase = cellOf[i] * cellsPerModel;
            for (int j = 0; j < members.Length; j++)
            {
                int vg = gi > grid.Gaps[members[j]] ? 1 : 0, vmu = mi > grid.Measures[members[j]] ? 1 : 0;
                counts[(rowBase + cellOf[j]) * 4 + 2 * vg + vmu]++;
            }
        }
        double sumI = 0, sumH = 0;
        int used = 0;
        for (int c = 0; c < cells; c++)
        {
            long n = counts[4 * c] + counts[4 * c + 1] + counts[4 * c + 2] + counts[4 * c + 3];
            if (n == 0) continue;
            used++;
            var (mutual, entropy) = MutualInformationBits(counts.AsSpan(4 * c, 4), n);
            sumI += mutual;
            sumH += entropy;
        }
        double meanI = sumI / used, meanH = sumH / used;
        return new CmiTerm(set.Select(a => grid.Axes[a]).ToArray(), meanI, meanH, meanH == 0 ? double.NaN : meanI / meanH, used, cells - used);
    }

    /// <summary>I(V_g; V_mu) and H(V_g) in bits from the 2x2 table [vg*2 + vmu] (0·log 0 = 0; H adds 1e-12 inside the log as PGDL).</summary>
    internal static (double MutualInformation, double Entropy) MutualInformationBits(ReadOnlySpan<long> table, long n)
    {
        double mutual = 0, entropy = 0;
        for (int vg = 0; vg < 2; vg++)
        {
            double pg = (double)(table[2 * vg] + table[2 * vg + 1]) / n;
            entropy -= pg * Math.Log2(pg + 1e-12);
            for (int vmu = 0; vmu < 2; vmu++)
            {
                double p = (double)table[2 * vg + vmu] / n;
                double pm = (double)(table[vmu] + table[2 + vmu]) / n;
                if (p > 0) mutual += p * Math.Log2(p / (pg * pm));
            }
        }
        return (mutual, entropy);
    }
}
