using GapLab.Metrics.Correlation;

namespace GapLab.Core.Tests.Science;

public class PopulationProtocolTests
{
    static PopulationMember M(double a, double b, double mu, double g) =>
        new(new Dictionary<string, double> { ["a"] = a, ["b"] = b }, mu, g);

    [Fact]
    public void GranulatedKendall_HandWorkedGrid_WithRepeatedSeedsAveraged()
    {
        // groups with b fixed: taus +1, -1, +1 -> psi_a = 1/3; groups with a fixed: tau 1/3 and 1 -> psi_b = 2/3; Psi = 1/2
        var population = new[]
        {
            M(0, 0, -0.5, 0.5), M(0, 0, 0.5, -0.5), // two seeds averaging to mu = 0, g = 0
            M(1, 0, 1, 1), M(0, 1, 5, 10), M(1, 1, 4, 11), M(0, 2, 3, 20), M(1, 2, 9, 21),
        };
        var r = GranulatedKendall.Compute(population, resamples: 200, seed: 1);
        Assert.Equal(6, r.Configurations);
        Assert.Equal(0.5, r.Psi, 12);
        Assert.Equal("a", r.Axes[0].Hyperparameter);
        Assert.Equal(1.0 / 3, r.Axes[0].Psi, 12);
        Assert.Equal(3, r.Axes[0].Groups);
        Assert.Equal(2.0 / 3, r.Axes[1].Psi, 12);
        Assert.Equal(2, r.Axes[1].Groups);
        // overall: g order 0,1,10,11,20,21 with mu 0,1,5,4,3,9 -> 15 pairs, discordant (5,4),(5,3),(4,3) -> (12-3)/15
        Assert.Equal(9.0 / 15, r.OverallTau, 12);
        Assert.NotNull(r.PsiInterval);
        Assert.True(r.PsiInterval!.Low <= r.Psi && r.Psi <= r.PsiInterval.High);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    public void GranulatedKendall_AgreesWithNestedLoopReference_OnRandomCompleteGrid(int seed)
    {
        var rng = new Random(seed);
        int[] sizes = [3, 2, 4];
        var mu = new double[3, 2, 4];
        var g = new double[3, 2, 4];
        var population = new List<PopulationMember>();
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 2; j++)
                for (int k = 0; k < 4; k++)
                {
                    g[i, j, k] = rng.Next(5) * 0.1; // ties on purpose
                    mu[i, j, k] = g[i, j, k] + rng.Next(3) * 0.07;
                    population.Add(new(new Dictionary<string, double> { ["x"] = i * 0.1, ["y"] = j, ["z"] = 1e-3 * k }, mu[i, j, k], g[i, j, k]));
                }
        foreach (var variant in new[] { KendallVariant.TauA, KendallVariant.TauB })
        {
            var psi = new double[3];
            for (int axis = 0; axis < 3; axis++)
            {
                var taus = new List<double>();
                for (int p = 0; p < sizes[(axis + 1) % 3]; p++)
                    for (int q = 0; q < sizes[(axis + 2) % 3]; q++)
                    {
                        var xs = new List<double>();
                        var ys = new List<double>();
                        for (int v = 0; v < sizes[axis]; v++)
                        {
                            var idx = new int[3];
                            idx[axis] = v; idx[(axis + 1) % 3] = p; idx[(axis + 2) % 3] = q;
                            xs.Add(mu[idx[0], idx[1], idx[2]]);
                            ys.Add(g[idx[0], idx[1], idx[2]]);
                        }
                        var (a, b) = RankCorrelationTests.BruteForceKendall(xs.ToArray(), ys.ToArray());
                        double t = variant == KendallVariant.TauA ? a : b;
                        taus.Add(double.IsNaN(t) ? 0 : t);
                    }
                psi[axis] = taus.Average();
            }
            var r = GranulatedKendall.Compute(population, variant, resamples: 0);
            for (int axis = 0; axis < 3; axis++) Assert.Equal(psi[axis], r.Axes[axis].Psi, 12);
            Assert.Equal(psi.Average(), r.Psi, 12);
            Assert.Null(r.PsiInterval);
        }
    }

    [Fact]
    public void MutualInformationBits_MatchHandValues()
    {
        // independent: I = 0, H = 1 bit; identical: I = H = 1 bit (up to the 1e-12 inside PGDL's log)
        var (i0, h0) = ConditionalMutualInformation.MutualInformationBits([1, 1, 1, 1], 4);
        Assert.Equal(0, i0, 12);
        Assert.Equal(1, h0, 9);
        var (i1, h1) = ConditionalMutualInformation.MutualInformationBits([3, 0, 0, 3], 6);
        Assert.Equal(1, i1, 12);
        Assert.Equal(1, h1, 9);
        // table [[2,1],[1,0]] (vg=0: 2 "-,-", 1 "-,+"; vg=1: 1 "+,-"): p(vg)=(3/4,1/4), p(vmu)=(3/4,1/4)
        var (i2, h2) = ConditionalMutualInformation.MutualInformationBits([2, 1, 1, 0], 4);
        double expected = 0.5 * Math.Log2(0.5 / (0.75 * 0.75)) + 2 * 0.25 * Math.Log2(0.25 / (0.75 * 0.25));
        Assert.Equal(expected, i2, 12);
        Assert.Equal(-(0.75 * Math.Log2(0.75) + 0.25 * Math.Log2(0.25)), h2, 9);
    }

    [Fact]
    public void Cmi_AgreesWithDictionaryReference_AndHitsItsBounds()
    {
        var rng = new Random(5);
        var population = new List<PopulationMember>();
        foreach (var lr in new[] { 0.1, 0.01 })
            foreach (var wd in new[] { 0.0, 5e-4 })
                foreach (var depth in new[] { 2.0, 4.0, 6.0 })
                {
                    double g = rng.NextDouble();
                    population.Add(new(new Dictionary<string, double> { ["lr"] = lr, ["wd"] = wd, ["depth"] = depth }, g + 0.5 * rng.NextDouble(), g));
                }
        var r = ConditionalMutualInformation.Compute(population);
        Assert.Equal(3, r.Terms.Count);
        foreach (var term in r.Terms)
        {
            Assert.Equal(ReferenceScore(population, term.Conditioning), term.Score, 12);
            Assert.Equal(0, term.EmptyCells);
        }
        Assert.Equal(r.Terms.Min(t => t.Score), r.Score, 12);
        Assert.InRange(r.Score, 0, 1);

        var perfect = population.Select(p => p with { Measure = 3 * p.Gap + 1 }).ToArray();
        Assert.Equal(1, ConditionalMutualInformation.Compute(perfect, [0, 1, 2]).Score, 9);

        var withInterval = ConditionalMutualInformation.Compute(population, [2], resamples: 50, seed: 2);
        Assert.Equal(r.Score, withInterval.Score, 12);
        Assert.Equal(withInterval, ConditionalMutualInformation.Compute(population, [2], resamples: 50, seed: 2) with { Terms = withInterval.Terms });
    }

    /// <summary>PGDL-style reference: dictionary of cells keyed by the conditioning values of both models, then mean I / mean H.</summary>
    static double ReferenceScore(IReadOnlyList<PopulationMember> population, IReadOnlyList<string> conditioning)
    {
        var cells = new Dictionary<string, long[]>();
        foreach (var p in population)
            foreach (var q in population)
            {
                string key = string.Join("|", conditioning.Select(h => $"{p.Hyperparameters[h]}:{q.Hyperparameters[h]}"));
                if (!cells.TryGetValue(key, out var t)) cells[key] = t = new long[4];
                t[(p.Gap > q.Gap ? 2 : 0) + (p.Measure > q.Measure ? 1 : 0)]++;
            }
        double sumI = 0, sumH = 0;
        foreach (var t in cells.Values)
        {
            double n = t.Sum();
            for (int a = 0; a < 2; a++)
            {
                double pa = (t[2 * a] + t[2 * a + 1]) / n;
                sumH -= pa * Math.Log2(pa + 1e-12);
                for (int b = 0; b < 2; b++)
                {
                    double pab = t[2 * a + b] / n, pb = (t[b] + t[2 + b]) / n;
                    if (pab > 0) sumI += pab * Math.Log2(pab / (pa * pb));
                }
            }
        }
        return sumI / sumH;
    }

    [Fact]
    public void SignError_SpecSelfTestVector()
    {
        double[] mu = [1, 2, 3, 4], g = [1, 3, 2, 4];
        Assert.Equal(1.0 / 6, SignError.MeanOverPairs(mu, g), 12);
        Assert.Equal(1 - 2 * SignError.MeanOverPairs(mu, g), KendallTau.TauA(mu, g), 12);
        Assert.Equal(0.5, SignError.Of(1, 1, 0.2, 0.3));
    }

    [Fact]
    public void NoiseWeight_MatchesHoeffdingFilter()
    {
        Assert.Equal(Math.Pow(1 - 2 * Math.Exp(-2), 2) - 0.5, RobustSignError.NoiseWeight(0.02, 10_000), 12);
        Assert.Equal(RobustSignError.NoiseWeight(0.02, 10_000), RobustSignError.NoiseWeight(-0.07, 10_000, tau: 0.05), 12);
        Assert.Equal(0, RobustSignError.NoiseWeight(0.001, 10_000));
        Assert.Equal(0.5, RobustSignError.NoiseWeight(0.3, 10_000), 12);
    }

    [Fact]
    public void RobustSignError_HandWorkedEnvironments_AndEssFilter()
    {
        static PopulationMember R(double lr, double depth, double mu, double g) =>
            new(new Dictionary<string, double> { ["lr"] = lr, ["depth"] = depth }, mu, g);
        var population = new List<PopulationMember>();
        double[] muA = [1, 2, 3, 4], muB = [2.5, 5, 6, 7];
        for (int s = 0; s < 4; s++)
        {
            population.Add(R(s == 0 ? 0.1 + 1e-12 : 0.1, 2, muA[s], 0.10 + 0.01 * s)); // isclose lr values share a level
            population.Add(R(0.01, 2, muB[s], 0.30 + 0.01 * s));
        }
        population.Add(R(0.01, 4, 0, 0.9));
        population.Add(R(0.01, 4, 1, 0.8));
        var r = RobustSignError.Compute(population, new RobustSignErrorOptions(Resamples: 100));
        // A-B (both orders): 16 coupled pairs with w' = 1/2, 2 of them (mu_A = 3, 4 > mu_B = 2.5) wrong -> 2/16; B-C: 8 pairs, ESS 8 < 12
        Assert.Equal(4, r.Environments.Count);
        Assert.Equal(2, r.DroppedEnvironments);
        Assert.Equal(2, r.All.Environments);
        Assert.Equal(0.125, r.All.Mean, 12);
        Assert.Equal(0.125, r.All.Percentile90, 12);
        Assert.Equal(0.125, r.All.Max, 12);
        Assert.Equal(2, r.ByHyperparameter["lr"].Environments);
        Assert.Equal(0, r.ByHyperparameter["depth"].Environments);
        var ab = r.Environments.First(e => e.Kept);
        Assert.Equal(16, ab.CoupledPairs);
        Assert.Equal(16, ab.EffectiveSampleSize, 9);
        var bc = r.Environments.First(e => !e.Kept);
        Assert.Equal("depth", bc.Varied);
        Assert.Equal(8, bc.EffectiveSampleSize, 9);

        var lenient = RobustSignError.Compute(population, new RobustSignErrorOptions(MinimumEffectiveSampleSize: 1, Resamples: 0));
        // B-C: all C gaps exceed B gaps and all C measures (0, 1) are below B's -> every pair wrong
        Assert.Equal(1.0, lenient.ByHyperparameter["depth"].Max, 12);
        Assert.Equal((2 * 0.125 + 2 * 1.0) / 4, lenient.All.Mean, 12);
        Assert.Equal(1.0, lenient.All.Max, 12);
    }

    [Fact]
    public void GranulatedKendall_MixedFamilies_UnionOfParameters_HandWorked()
    {
        // two families with disjoint parameters and a categorical family axis (cnn = 0, mlp = 1):
        // cnn.w varies only among cnns: mu (1,2) vs g (1,2) -> tau +1; mlp.w among mlps: mu (1,2,3) vs g (3,1,2) -> (1 - 2)/3;
        // no two members differ only in the family (their parameters differ too), so that axis has no group. Psi = (1 - 1/3)/2.
        static PopulationMember F(string family, double w, double mu, double g) => new(new Dictionary<string, double>
            { ["model"] = family == "cnn" ? 0 : 1, [family + ".w"] = w }, mu, g);
        var population = new[] { F("cnn", 1, 1, 1), F("cnn", 2, 2, 2), F("mlp", 1, 1, 3), F("mlp", 2, 2, 1), F("mlp", 3, 3, 2) };
        var r = GranulatedKendall.Compute(population, resamples: 0);
        Assert.Equal(new[] { "cnn.w", "mlp.w" }, r.Axes.Select(a => a.Hyperparameter));
        Assert.Equal(1.0, r.Axes[0].Psi, 12);
        Assert.Equal(-1.0 / 3, r.Axes[1].Psi, 12);
        Assert.Equal(1.0 / 3, r.Psi, 12);
        Assert.Equal(5, r.Configurations);
    }

    [Fact]
    public void Cmi_ConditionsOnlyOnVaryingHyperparameters_HandWorked()
    {
        // axes a, b in {0, 1} vary, c = 1 never varies (a spec default); 2 seeds s per configuration; g = 10a + s, mu = -10a + s.
        // S = {a, b}: the 8 cells with a1 = a2 hold the 4 seed pairs with V_g = V_mu = [s1 > s2] -> table (3, 0, 0, 1):
        // I = H = h(1/4) = 0.811278 bits; the 8 cells with a1 != a2 have V_g constant -> I = H = 0. Score = (8 h / 16) / (8 h / 16) = 1.
        // Conditioning on the constant c as well (sets {a,c}, {b,c}) would add {b,c} = {b}, whose cells mix a and score below 1.
        var population = new List<PopulationMember>();
        foreach (var a in new[] { 0, 1 })
            foreach (var b in new[] { 0, 1 })
                foreach (var seed in new[] { 0, 1 })
                    population.Add(new(new Dictionary<string, double> { ["a"] = a, ["b"] = b, ["c"] = 1 }, -10 * a + seed, 10 * a + seed));
        var r = ConditionalMutualInformation.Compute(population);
        var term = Assert.Single(r.Terms);
        Assert.Equal(new[] { "a", "b" }, term.Conditioning);
        Assert.Equal(16, term.Cells);
        double h = -(0.75 * Math.Log2(0.75) + 0.25 * Math.Log2(0.25));
        Assert.Equal(h / 2, term.MeanMutualInformation, 9);
        Assert.Equal(h / 2, term.MeanEntropy, 9);
        Assert.Equal(1.0, r.Score, 9);
        Assert.True(ConditionalMutualInformation.Compute(population, [1]).Terms.Single(t => t.Conditioning.SequenceEqual(["b"])).Score < 0.5);
        // one varying axis: the default conditions on it alone
        var one = ConditionalMutualInformation.Compute(population.Where(p => p.Hyperparameters["b"] == 0).ToArray());
        Assert.Equal(new[] { "a" }, Assert.Single(one.Terms).Conditioning);
    }

    [Fact]
    public void Population_BadInput_NamesTheProblem()
    {
        var e = Assert.Throws<ArgumentException>(() => RobustSignError.Compute([M(0, 0, double.NaN, 1), M(1, 0, 1, 1)]));
        Assert.Contains("population[0].Measure = NaN", e.Message);
        e = Assert.Throws<ArgumentException>(() => ConditionalMutualInformation.Compute([M(0, 0, 1, 1), M(1, 0, 2, 2)], [3]));
        Assert.Contains("conditioning size 3", e.Message);
    }
}
