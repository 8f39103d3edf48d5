using GapLab.Metrics.Complexity;
using static GapLab.Core.Tests.Complexity.HandNetworks;

namespace GapLab.Core.Tests.Complexity;

/// <summary>
/// W-cost measures on Flatten-Linear(diag(3,4))-ReLU-Linear(diag(1,2)) with initial weights diag(1,1), diag(1,1):
/// fro = 25, 5; spec = 16, 4; dfro = 13, 1; dspec = 9, 1; d = 2; omega = 8. On ten points the margin is gamma = 3.
/// </summary>
public class NormMeasureTests
{
    static IReadOnlyDictionary<string, MeasureValue> Measure(string selection = "all")
    {
        using var model = TwoLayer(Diag(3, 4), Diag(1, 2));
        using var init = TwoLayer(Diag(1, 1), Diag(1, 1));
        var w0 = Parameters(init);
        var options = new MeasureOptions { Measures = selection, PerturbationExamples = 0, SearchDepth = 3, MonteCarloDraws = 2, SharpnessDepth = 2, SharpnessRestarts = 1, SharpnessSteps = 2, GradientNoiseBatchSize = 2, JacobianBatches = 1 };
        return ComplexityMeasures.Compute(model, w0, TenPoints(), options).ToDictionary(v => v.Name);
    }

    [Fact]
    public void WeightMeasuresMatchTheHandComputedNorms()
    {
        var r = Measure("PARAMS,LOG_PROD_OF_SPEC,FRO_OVER_SPEC,LOG_SUM_OF_SPEC,LOG_PROD_OF_FRO,LOG_SUM_OF_FRO,FRO_DIST,DIST_SPEC_INIT,PARAM_NORM,L2,L2_DIST,LOG_PROD_OF_SPEC_FFT,DIST_SPEC_INIT_FFT");
        Assert.Equal(13, r.Count);
        Assert.Equal(8, r["PARAMS"].RawValue);
        Assert.Equal(Math.Log(64), r["LOG_PROD_OF_SPEC"].RawValue, 9);
        Assert.Equal(25.0 / 16 + 5.0 / 4, r["FRO_OVER_SPEC"].RawValue, 9);
        Assert.Equal(Math.Log(2) + Math.Log(64) / 2, r["LOG_SUM_OF_SPEC"].RawValue, 9);
        Assert.Equal(Math.Log(125), r["LOG_PROD_OF_FRO"].RawValue, 9);
        Assert.Equal(Math.Log(2) + Math.Log(125) / 2, r["LOG_SUM_OF_FRO"].RawValue, 9);
        Assert.Equal(14, r["FRO_DIST"].RawValue, 9);
        Assert.Equal(10, r["DIST_SPEC_INIT"].RawValue, 9);
        Assert.Equal(30, r["PARAM_NORM"].RawValue, 9);
        Assert.Equal(Math.Sqrt(30), r["L2"].RawValue, 9);
        Assert.Equal(Math.Sqrt(14), r["L2_DIST"].RawValue, 9);
        // linear layers: the exact operator norm is the matrix norm
        Assert.Equal(Math.Log(64), r["LOG_PROD_OF_SPEC_FFT"].RawValue, 9);
        Assert.Equal(10, r["DIST_SPEC_INIT_FFT"].RawValue, 9);
    }

    [Fact]
    public void MarginMeasuresUseTheTenthPercentileMarginAndSizeAdjustment()
    {
        var r = Measure("INVERSE_MARGIN,LOG_PROD_OF_SPEC_OVER_MARGIN,LOG_SPEC_INIT_MAIN,LOG_SPEC_ORIG_MAIN,LOG_SUM_OF_SPEC_OVER_MARGIN,LOG_PROD_OF_FRO_OVER_MARGIN,LOG_SUM_OF_FRO_OVER_MARGIN,PATH_NORM,PATH_NORM_OVER_MARGIN");
        double ln9 = Math.Log(9); // 2 ln gamma, gamma = 3: logits (3, 0) for the nine class-0 points, (0, 8) for the last
        Assert.Equal(1.0 / 9, r["INVERSE_MARGIN"].RawValue, 9);
        Assert.Equal(Math.Log(64) - ln9, r["LOG_PROD_OF_SPEC_OVER_MARGIN"].RawValue, 9);
        Assert.Equal(Math.Log(64) - ln9 + Math.Log(13.0 / 16 + 1.0 / 4), r["LOG_SPEC_INIT_MAIN"].RawValue, 9);
        Assert.Equal(Math.Log(64) - ln9 + Math.Log(25.0 / 16 + 5.0 / 4), r["LOG_SPEC_ORIG_MAIN"].RawValue, 9);
        Assert.Equal(Math.Log(2) + (Math.Log(64) - ln9) / 2, r["LOG_SUM_OF_SPEC_OVER_MARGIN"].RawValue, 9);
        Assert.Equal(Math.Log(125) - ln9, r["LOG_PROD_OF_FRO_OVER_MARGIN"].RawValue, 9);
        Assert.Equal(Math.Log(2) + (Math.Log(125) - ln9) / 2, r["LOG_SUM_OF_FRO_OVER_MARGIN"].RawValue, 9);
        // squared parameters on ones(1,2): diag(9,16) -> (9,16) -> diag(1,4) -> (9,64), sum 73
        Assert.Equal(73, r["PATH_NORM"].RawValue, 4);
        Assert.Equal(73.0 / 9, r["PATH_NORM_OVER_MARGIN"].RawValue, 4);
        // size adjustment with m = 10
        Assert.Equal(0.5 * (Math.Log(64) - ln9 - Math.Log(10)), r["LOG_PROD_OF_SPEC_OVER_MARGIN"].Value, 9);
        Assert.Equal(Math.Sqrt(1.0 / 9 / 10), r["INVERSE_MARGIN"].Value, 9);
        Assert.Contains("gamma=3", r["INVERSE_MARGIN"].Notes);
    }

    [Fact]
    public void WithoutInitialWeightsTheDistanceMeasuresAreNaNWithAReason()
    {
        using var model = TwoLayer(Diag(3, 4), Diag(1, 2));
        var r = ComplexityMeasures.Compute(model, null, TenPoints(), new MeasureOptions { Measures = "FRO_DIST,PARAM_NORM,PGDL_DISTANCE_FROM_INIT" }).ToDictionary(v => v.Name);
        Assert.True(double.IsNaN(r["FRO_DIST"].Value));
        Assert.Contains("initial weights", r["FRO_DIST"].Notes);
        Assert.True(double.IsNaN(r["PGDL_DISTANCE_FROM_INIT"].Value));
        Assert.Equal(Math.Sqrt(30.0 / 10), r["PARAM_NORM"].Value, 9);
    }

    [Fact]
    public void UnknownMeasureNamesAreRejectedListingTheKnownOnes()
    {
        using var model = TwoLayer(Diag(3, 4), Diag(1, 2));
        var e = Assert.Throws<ArgumentException>(() => ComplexityMeasures.Compute(model, null, TenPoints(), new MeasureOptions { Measures = "PARAMS,SPECTRAL_MAGIC" }));
        Assert.Contains("SPECTRAL_MAGIC", e.Message);
        Assert.Contains("PACBAYES_MAG_FLATNESS", e.Message);
        Assert.Throws<ArgumentException>(() => ComplexityMeasures.Compute(model, null, TenPoints(), new MeasureOptions { SearchDepth = 0 }));
    }

    [Fact]
    public void CatalogueHasThe24FantasticMeasuresInOrder()
    {
        var first24 = MeasureCatalog.Names.Take(24).ToArray();
        Assert.Equal("PARAMS", first24[0]);
        Assert.Equal("PACBAYES_MAG_FLATNESS", first24[23]);
        Assert.Equal(MeasureCatalog.Names.Count, MeasureCatalog.Names.Distinct().Count());
        Assert.Equal(8, MeasureCatalog.Names.Count(n => n.EndsWith("_FFT")));
    }

    [Theory]
    [InlineData("LOG_PROD_OF_FRO", 3.0, 100, 0.5 * (3.0 - 4.605170185988091))]
    [InlineData("PARAM_NORM", 400.0, 100, 2.0)]
    [InlineData("PACBAYES_FLATNESS", 25.0, 4, 2.5)]
    public void SizeAdjustmentFollowsTheLogPrefixRule(string name, double raw, int m, double expected) =>
        Assert.Equal(expected, SizeAdjustment.Apply(name, raw, m), 12);
}
