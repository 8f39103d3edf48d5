using GapLab.IO;
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
            Assert.InRange(r.Iterations, 1, 12); // the log-scale sharpness search adds the candidates that find its bracket
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

    [Theory]
    [InlineData(false, null)]
    [InlineData(true, null)]
    [InlineData(false, "difference")]
    public void MagnitudeAwareBoundsShareOneDenominator(bool quirks, string? choice)
    {
        // W1 = diag(2, 1), W2 = diag(1, 3), init diag(1, 1) twice: w = (2,0,0,1, 1,0,0,3), w - w0 = (1,0,0,0, 0,0,0,2), omega = 8, m = 10.
        // Depth 1: sigma_m is the first candidate, 1. Numerators eps^2 + 2 ||v||^2 / 8: 1.25 (w - w0) and 3.75 (w), plus eps^2.
        using var model = TwoLayer(Diag(2, 1), Diag(1, 3));
        using var initModel = TwoLayer(Diag(1, 1), Diag(1, 1));
        var init = initModel.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        var options = new MeasureOptions { Measures = "PACBAYES_MAG_INIT,PACBAYES_MAG_ORIG", SearchDepth = 1, MonteCarloDraws = 1, ReferenceQuirks = quirks, PacBayesMagDenominatorChoice = choice is null ? null : EnumText.Parse<PacBayesMagDenominator>(choice, "choice") };
        var v = ComplexityMeasures.Compute(model, init, TenPoints(), options).ToDictionary(x => x.Name);
        double e2 = 1e-6;
        double[] w = [2, 0, 0, 1, 1, 0, 0, 3], d = [1, 0, 0, 0, 0, 0, 0, 2];
        var den = quirks || choice == "difference" ? d : w;
        double Bound(double top) => den.Sum(x => Math.Log((e2 + top) / (e2 + x * x))) / 4 + Math.Log(10) + 10;
        Assert.Equal(Bound(1.25), v["PACBAYES_MAG_INIT"].RawValue, 9);
        Assert.Equal(Bound(3.75), v["PACBAYES_MAG_ORIG"].RawValue, 9);
        Assert.Contains(den == d ? "(w_j - w0_j)^2 in MAG_INIT and MAG_ORIG" : "w_j^2 in MAG_INIT and MAG_ORIG (the posterior variance", v["PACBAYES_MAG_ORIG"].Notes);
    }
}
