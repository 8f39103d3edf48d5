using GapLab.Metrics.WeightWatcher;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Core.Tests.Science;

public class WeightWatcherTests
{
    public WeightWatcherTests() => GapLab.Runtime.TorchRuntime.EnsureLoaded();

    /// <summary>Pareto sample λ = xmin·u^(-1/(α-1)), u ~ U(0, 1] (spec 6.7).</summary>
    static double[] Pareto(double alpha, int n, int seed, double xmin = 1)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => xmin * Math.Pow(1 - rng.NextDouble(), -1 / (alpha - 1))).ToArray();
    }

    /// <remarks>
    /// With xmin chosen by KS the estimate from one n = 2000 sample has a spread of about 0.07 (α = 2.5) to 0.15 (α = 4), measured over
    /// 20 seeds with an independent numpy re-implementation, so one sample lands within 0.1 only 65-80% of the time. The test therefore
    /// asks the mean of 10 seeded samples to be within 0.1 (standard error ≤ 0.05) and every single sample within 0.45 (3 spreads).
    /// </remarks>
    [Theory]
    [InlineData(2.5)]
    [InlineData(3.0)]
    [InlineData(4.0)]
    public void Alpha_RecoversParetoExponent_N2000(double alpha)
    {
        var fits = Enumerable.Range(100, 10).Select(seed => PowerLawFit.Fit(Pareto(alpha, 2000, seed))!).ToArray();
        Assert.InRange(fits.Average(f => f.Alpha), alpha - 0.1, alpha + 0.1);
        Assert.All(fits, f => Assert.InRange(f.Alpha, alpha - 0.45, alpha + 0.45));
        Assert.All(fits, f => Assert.InRange(f.D, 0, 0.05));
        Assert.All(fits, f => Assert.Equal((f.Alpha - 1) / Math.Sqrt(f.NumPlSpikes), f.Sigma, 12));
    }

    [Fact]
    public void SpecSelfTest_N10000AlphaThree_XminNearTheSmallestValue()
    {
        var sample = Pareto(3.0, 10_000, seed: 17, xmin: 0.5);
        var fit = PowerLawFit.Fit(sample)!;
        Assert.InRange(fit.Alpha, 2.94, 3.06); // MLE s.e. about 0.02 on the full sample
        Assert.InRange(fit.Xmin, 0.5, 0.6);
        Assert.True(fit.NumPlSpikes > 5000, $"tail of {fit.NumPlSpikes}");
    }

    [Fact]
    public void Fit_AgreesWithDirectFormulaAtEveryCandidate()
    {
        var rng = new Random(8);
        var x = Enumerable.Range(0, 40).Select(_ => Math.Exp(3 * rng.NextDouble())).Order().ToArray();
        double bestD = double.MaxValue, bestAlpha = 0, bestXmin = 0;
        int bestTail = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            int n = x.Length - i;
            double s = 0;
            for (int k = i; k < x.Length; k++) s += Math.Log(x[k] / x[i]);
            double alpha = 1 + n / s, d = 0;
            for (int k = i; k < x.Length; k++) d = Math.Max(d, Math.Abs(1 - Math.Pow(x[k] / x[i], 1 - alpha) - (double)(k - i) / n));
            if (d < bestD) { bestD = d; bestAlpha = alpha; bestXmin = x[i]; bestTail = n; }
        }
        var fit = PowerLawFit.Fit(x.Reverse().ToArray())!;
        Assert.Equal(bestAlpha, fit.Alpha, 10);
        Assert.Equal(bestD, fit.D, 10);
        Assert.Equal(bestXmin, fit.Xmin);
        Assert.Equal(bestTail, fit.NumPlSpikes);
    }

    [Fact]
    public void Fit_HandWorkedThreePoints_AndDegenerateInput()
    {
        // x = [1, e, e²]: xmin = 1 -> alpha = 1 + 3/3 = 2, CDF 1 - x^-1 -> |0-0|, |1-1/e-1/3|, |1-1/e²-2/3| -> D = 0.2991;
        // xmin = e -> alpha = 1 + 2/1 = 3, CDF 1 - (x/e)^-2 -> |1-e^-2-1/2| = 0.3647 -> the first candidate wins
        var fit = PowerLawFit.Fit([1, Math.E, Math.E * Math.E])!;
        Assert.Equal(2, fit.Alpha, 12);
        Assert.Equal(1, fit.Xmin);
        Assert.Equal(Math.Max(1 - 1 / Math.E - 1 / 3.0, 1 - Math.Exp(-2) - 2 / 3.0), fit.D, 12);
        Assert.Equal(3, fit.NumPlSpikes);
        Assert.Null(PowerLawFit.Fit([2, 2, 2]));
        var e = Assert.Throws<ArgumentException>(() => PowerLawFit.Fit([1, 0]));
        Assert.Contains("values[1] = 0", e.Message);
    }

    [Fact]
    public void LinearAndConvEigenvalues_AreSquaredSingularValues_AndMetricsMatchHandValues()
    {
        using var scope = NewDisposeScope();
        var s = Enumerable.Range(1, 12).Select(i => 0.5 * i).ToArray();
        var linear = zeros(20, 12, ScalarType.Float32);
        for (int i = 0; i < 12; i++) linear[(i * 7) % 20, i] = (float)s[i]; // rows permuted: still singular values s
        var spectrum = LayerSpectrum.Compute(linear);
        Assert.Equal(("Linear", 20, 12, 1), (spectrum.Kind, spectrum.N, spectrum.M, spectrum.Slices));
        var lambda = s.Select(v => v * v).ToArray();
        for (int i = 0; i < 12; i++) Assert.Equal(lambda[i], spectrum.Eigenvalues[i], 5);

        var conv = zeros(12, 16, 3, 3);
        for (int p = 0; p < 9; p++)
            for (int i = 0; i < 12; i++) conv[i, i + 4, p / 3, p % 3] = (float)(s[i] + p);
        var convSpectrum = LayerSpectrum.Compute(conv);
        Assert.Equal(("Conv2d", 16, 12, 9, 108), (convSpectrum.Kind, convSpectrum.N, convSpectrum.M, convSpectrum.Slices, convSpectrum.Eigenvalues.Length));
        var expected = Enumerable.Range(0, 9).SelectMany(p => s.Select(v => 0.5 * (v + p) * (v + p))).Order().ToArray();
        for (int k = 0; k < expected.Length; k++) Assert.Equal(expected[k], convSpectrum.Eigenvalues[k], 4);
        var unscaled = LayerSpectrum.Compute(conv, new WeightWatcherOptions(Conv2dNormalization: false));
        Assert.Equal(2 * convSpectrum.Eigenvalues[^1], unscaled.Eigenvalues[^1], 4);

        var report = WeightWatcherAnalysis.Analyze([("fc.weight", linear), ("fc.bias", zeros(20)), ("tiny.weight", zeros(5, 8)), ("conv.weight", conv)]);
        Assert.Equal(["fc.weight", "conv.weight"], report.Layers.Select(l => l.Name));
        Assert.Equal(["fc.bias", "tiny.weight"], report.Skipped.Select(l => l.Name));
        Assert.Contains("rank-1", report.Skipped[0].Reason);
        Assert.Contains("5 eigenvalues (M = 5 x 1 slices) < min_evals = 10", report.Skipped[1].Reason);
        // a small conv still counts its kernel positions: M = 3 x 9 slices = 27 >= 10 is analysed (WeightWatcher pool = True)
        Assert.Null(LayerSpectrum.Classify([4, 3, 3, 3], new WeightWatcherOptions()).SkipReason);
        Assert.Contains("> max_evals = 100", LayerSpectrum.Classify([64, 32, 2, 2], new WeightWatcherOptions(MaxEvals: 100)).SkipReason);
        Assert.Contains("N = 60000 > max_N", LayerSpectrum.Classify([60000, 12], new WeightWatcherOptions()).SkipReason);
        var fc = report.Layers[0];
        double norm = lambda.Sum(), max = lambda.Max();
        Assert.Equal(norm, fc.Norm, 4);
        Assert.Equal(Math.Log10(norm), fc.LogNorm, 6);
        Assert.Equal(max, fc.SpectralNorm, 4);
        Assert.Equal(Math.Log10(max), fc.LogSpectralNorm, 6);
        Assert.Equal(norm / max, fc.StableRank, 6);
        Assert.Equal(fc.Alpha * Math.Log10(max), fc.AlphaWeighted, 6);
        Assert.Equal(Math.Log10(lambda.Sum(l => Math.Pow(l, fc.Alpha))), fc.LogAlphaNorm, 5);
        Assert.Equal(PowerLawFit.Fit(lambda)!.Alpha, fc.Alpha, 4);
        Assert.Equal(2, report.Summary.Layers);
        Assert.Equal((fc.Alpha + report.Layers[1].Alpha) / 2, report.Summary.Alpha, 12);
        Assert.Equal((fc.AlphaWeighted + report.Layers[1].AlphaWeighted) / 2, report.Summary.AlphaWeighted, 12);
        Assert.Equal((fc.LogAlphaNorm + report.Layers[1].LogAlphaNorm) / 2, report.Summary.LogAlphaNorm, 12);
    }

    [Fact]
    public void ZeroLayerIsSkippedAsDegenerate_AndModuleOverloadReadsWeights()
    {
        using var scope = NewDisposeScope();
        var report = WeightWatcherAnalysis.Analyze([("zero.weight", zeros(16, 16))]);
        Assert.Empty(report.Layers);
        Assert.Contains("degenerate spectrum", report.Skipped[0].Reason);
        Assert.True(double.IsNaN(report.Summary.Alpha));

        manual_seed(5);
        var model = nn.Sequential(("fc1", nn.Linear(32, 64)), ("act", nn.ReLU()), ("fc2", nn.Linear(64, 4)));
        var fromModule = WeightWatcherAnalysis.Analyze(model);
        Assert.Equal(["fc1.weight"], fromModule.Layers.Select(l => l.Name));
        Assert.Equal(["fc2.weight"], fromModule.Skipped.Select(l => l.Name)); // M = 4 < 10
        Assert.Equal(32, fromModule.Layers[0].EigenvalueCount);
        Assert.InRange(fromModule.Layers[0].Alpha, 1, 20);
    }
}
