using GapLab.Metrics.Complexity;
using static GapLab.Core.Tests.Complexity.HandNetworks;

namespace GapLab.Core.Tests.Complexity;

public class PerturbationSearchTests
{
    static readonly MeasureOptions Small = new() { MonteCarloDraws = 3, SearchDepth = 6, SharpnessDepth = 3, SharpnessRestarts = 1, SharpnessSteps = 2, BatchSize = 100 };

    static SearchResult[] Searches(long seed, bool quirks = false)
    {
        using var model = BlobReader();
        var (x, y) = Blobs(300, 1).ToTensors();
        using var target = new PerturbedModel(model, x, y, 100);
        Assert.InRange(target.BaseAccuracy, 0.8, 0.98);
        var options = Small with { ReferenceQuirks = quirks };
        return
        [
            PacBayesSearch.Run(target, false, options, seed),
            PacBayesSearch.Run(target, true, options, seed),
            WorstCaseSharpness.Run(target, false, options, seed),
            WorstCaseSharpness.Run(target, true, options, seed),
            PgdlSharpness.Run(target, options with { PgdlSharpnessIterations = 3, PgdlSharpnessSteps = 2 }, seed),
        ];
    }

    [Fact]
    public void SearchesAreDeterministicUnderTheSeedAndStayInTheInterval()
    {
        var a = Searches(7);
        var b = Searches(7);
        Assert.Equal(a, b);
        foreach (var r in a)
        {
            Assert.InRange(r.Scale, 0, 2);
            Assert.InRange(r.Iterations, 1, 6);
            if (r.Converged) Assert.InRange(r.Deviation, 0.09, 0.11);
        }
        Assert.InRange(a[4].Scale, 0, 0.5);
        // the worst case found by gradient ascent hurts at least as much as random noise of the same scale: alpha' < sigma'
        Assert.True(a[2].Scale < a[0].Scale, $"alpha' {a[2].Scale} should be below sigma' {a[0].Scale}");
        // the variance-as-std quirk changes the magnitude-aware noise scale
        Assert.NotEqual(a[1].Scale, Searches(7, quirks: true)[1].Scale);
    }

    [Fact]
    public void PerturbedModelRestoresTheWeights()
    {
        using var model = BlobReader();
        var before = Parameters(model);
        var (x, y) = Blobs(60, 2).ToTensors();
        using (var target = new PerturbedModel(model, x, y, 32))
            PacBayesSearch.Run(target, false, Small, 1);
        foreach (var (name, p) in model.named_parameters())
            Assert.True(p.equal(before[name]).all().item<bool>(), $"{name} was not restored");
    }

    [Fact]
    public void BoundFormsMatchHandValues()
    {
        // ||v||^2 = 8, sigma = 0.5, m = 100: 8 / (4 * 0.25) + ln(200) + 10
        Assert.Equal(8 + Math.Log(200) + 10, PacBayesBounds.Isotropic(8, 0.5, 100), 12);
        // v = d = (1, 1): omega 2, eps 0, sm 1: each term ln((2 * 2 / 2) / 1) = ln 2; 1/4 * 2 ln 2 + ln(100) + 10
        Assert.Equal(0.5 * Math.Log(2) + Math.Log(100) + 10, PacBayesBounds.MagnitudeAware([1, 1], [1, 1], 1, 0, 100), 12);
    }
}
