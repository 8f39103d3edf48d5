using GapLab.Analysis;

namespace GapLab.Core.Tests.Analysis;

public class TheoryVsPracticeTests
{
    // 2 x 2 grid of (width, wd) with gaps 0.1..0.4; measure "good" = gap, "bad" = -gap, "half" swaps one pair
    static IReadOnlyList<PopulationRun> Population()
    {
        var gaps = new[] { 0.1, 0.2, 0.3, 0.4 };
        var half = new[] { 0.2, 0.1, 0.3, 0.4 }; // one discordant pair of six: tau = (5 - 1) / 6
        return Enumerable.Range(0, 4).Select(i => new PopulationRun($"r{i}",
            new Dictionary<string, double> { ["width"] = i / 2, ["wd"] = i % 2 }, gaps[i],
            new Dictionary<string, double> { ["good"] = gaps[i] * 10, ["bad"] = -gaps[i], ["half"] = half[i], ["flat"] = 1 }, TestSize: 2000)).ToArray();
    }

    [Fact]
    public void RanksMeasuresByKendallTauWithHandComputedValues()
    {
        var table = TheoryVsPractice.Correlate(Population(), resamples: 200, seed: 1);
        Assert.Equal(new[] { "good", "half", "bad", "flat" }, table.Select(r => r.Measure)); // the constant measure is listed last
        Assert.Equal("constant over the population (1): ranks nothing", table[3].Note);
        Assert.True(double.IsNaN(table[3].KendallTau) && double.IsNaN(table[3].SignError));
        Assert.Equal(4, table[3].Models);
        Assert.All(table.Take(3), r => Assert.Equal("", r.Note));
        var good = table[0];
        Assert.Equal(1.0, good.KendallTau, 12);
        Assert.Equal(1.0, good.Spearman, 12);
        Assert.Equal(0.0, good.SignError, 12);
        Assert.Equal(1.0, good.Psi, 12); // every one-axis pair is concordant
        Assert.Equal(4.0 / 6, table[1].KendallTau, 12);
        Assert.Equal(1.0 / 6, table[1].SignError, 12);
        Assert.Equal(-1.0, table[2].KendallTau, 12);
        Assert.Equal(1.0, table[2].SignError, 12);
        Assert.Equal(-1.0, table[2].Psi, 12);
        Assert.InRange(table[1].KendallTau, table[1].KendallTauLow, table[1].KendallTauHigh);
        Assert.All(table.Take(3), r => Assert.InRange(r.Cmi, 0, 1));
        Assert.True(good.Cmi >= table[1].Cmi, $"{good.Cmi} < {table[1].Cmi}");
        // one seed per configuration: every environment has effective sample size 1 < 12, so Dziugaite et al.'s filter keeps none
        Assert.Equal(0, good.RobustEnvironments);
        Assert.True(double.IsNaN(good.RobustSignErrorMean));
        var frame = TheoryVsPractice.CorrelationFrame(Population(), resamples: 50, seed: 1);
        Assert.Equal(4, frame.Rows.Count);
        Assert.Equal("good", frame.Columns["measure"][0]);
    }

    [Fact]
    public void RobustSignError_UsesTheRunsTestSetSize_AndRefusesMixedSizes()
    {
        // configurations a = 0 (gap 0.1) and a = 1 (gap 0.2), 4 seeds each; mu = seed at a = 0 and 1.5 at a = 1: of the 16 coupled
        // pairs, seeds 0 and 1 rank right and 2 and 3 wrong -> loss 1/2 in both ordered environments. |Δg| = 0.1 gives every pair
        // the same weight w' = (1 - 2exp(-2n·0.05²))² - 1/2: with n = 2000, w' = 0.49982 > 0 and ESS = 16 >= 12 (kept);
        // with n = 100, 2exp(-0.5) = 1.21 > 1, so w' = 0 and no environment is kept.
        IReadOnlyList<PopulationRun> Runs(int n) => Enumerable.Range(0, 8).Select(i => new PopulationRun($"r{i}",
            new Dictionary<string, double> { ["a"] = i / 4 }, i < 4 ? 0.1 : 0.2,
            new Dictionary<string, double> { ["mu"] = i < 4 ? i : 1.5 }, TestSize: n)).ToArray();
        var large = Assert.Single(TheoryVsPractice.Correlate(Runs(2000), resamples: 0));
        Assert.Equal(2000, large.TestSetSize);
        Assert.Equal(2, large.RobustEnvironments);
        Assert.Equal(0.5, large.RobustSignErrorMean, 12);
        var small = Assert.Single(TheoryVsPractice.Correlate(Runs(100), resamples: 0));
        Assert.Equal(100, small.TestSetSize);
        Assert.Equal(0, small.RobustEnvironments);
        Assert.Equal(2, TheoryVsPractice.Correlate(Runs(100), resamples: 0, testSetSize: 2000).Single().RobustEnvironments);

        var mixed = Runs(2000).Select((r, i) => i == 3 ? r with { TestSize = 1000 } : r).ToArray();
        var e = Assert.Throws<ArgumentException>(() => TheoryVsPractice.Correlate(mixed, resamples: 0));
        Assert.Contains("different sizes (1000, 2000)", e.Message);
        e = Assert.Throws<ArgumentException>(() => TheoryVsPractice.Correlate(Runs(0), resamples: 0));
        Assert.Contains("run 'r0' does not record its test-set size", e.Message);
    }

    [Fact]
    public void NeedsAtLeastThreeModels()
    {
        var e = Assert.Throws<ArgumentException>(() => TheoryVsPractice.Correlate(Population().Take(2).ToArray()));
        Assert.Contains("at least 3 models", e.Message);
    }

    [Fact]
    public void HyperparametersComeFromTheSpecAndTheGrid()
    {
        var h = GapLab.Suites.RunPopulation.Hyperparameters("cnn:blocks=2,bn=true,dropout=0.25,width=0.125", "batch_size=64;weight_decay=0.0005");
        Assert.Equal(2, h["cnn.blocks"]);
        Assert.Equal(1, h["cnn.bn"]);
        Assert.Equal(0.125, h["cnn.width"]);
        Assert.Equal(64, h["batch_size"]);
        Assert.Equal(0.0005, h["weight_decay"]);
        Assert.Equal("fashion-mnist-embedded", GapLab.Suites.RunPopulation.BaseDatasetName("fashion-mnist-embedded[stratified n=2000,seed=0]"));
    }

    [Fact]
    public void ASearchBoundIsCensoredNotRanked()
    {
        // "half" swaps the gaps of r0 and r1 (tau 4/6 on all four); with r1's value a search bound, the three left rank perfectly
        var population = Population().Select(r => r.RunId == "r1" ? r with { BoundMeasures = new HashSet<string> { "half" } } : r).ToArray();
        var half = TheoryVsPractice.Correlate(population, resamples: 0).Single(r => r.Measure == "half");
        Assert.Equal(3, half.Models);
        Assert.Equal(1.0, half.KendallTau, 12);
        Assert.Equal("1 of 4 models' values are search bounds (not values that rank): left out", half.Note);
        // two bounds leave two models: no correlation, and the note says why
        population = Population().Select(r => r.RunId is "r1" or "r2" ? r with { BoundMeasures = new HashSet<string> { "half" } } : r).ToArray();
        half = TheoryVsPractice.Correlate(population, resamples: 0).Single(r => r.Measure == "half");
        Assert.True(double.IsNaN(half.KendallTau));
        Assert.Equal("finite and not a bound for 2 of 4 models: no correlation (2 of 4 models' values are search bounds (not values that rank): left out)", half.Note);
    }
}
