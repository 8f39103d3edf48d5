using GapLab.Metrics.Complexity;
using static GapLab.Core.Tests.Complexity.HandNetworks;

namespace GapLab.Core.Tests.Complexity;

/// <summary>A measure that is not finite says which layer, margin or step made it.</summary>
public class NonFiniteNotesTests
{
    [Fact]
    public void AZeroLayerIsNamedInTheLogNormNotes()
    {
        // W2 = 0: ln ||W2||_F^2 = ln 0 = -inf in LOG_PROD_OF_FRO; W1 = I is fine
        using var model = TwoLayer(Diag(1, 1), new double[2, 2]);
        var v = ComplexityMeasures.Compute(model, null, TenPoints(), new MeasureOptions { Measures = "LOG_PROD_OF_FRO,PARAM_NORM" }).ToDictionary(x => x.Name);
        Assert.Equal(double.NegativeInfinity, v["LOG_PROD_OF_FRO"].RawValue);
        Assert.StartsWith("NOT FINITE (LOG_PROD_OF_FRO): layer '3' has Frobenius^2 0, spectral^2 0", v["LOG_PROD_OF_FRO"].Notes);
        Assert.Equal(2, v["PARAM_NORM"].RawValue, 12);
        Assert.DoesNotContain("NOT FINITE", v["PARAM_NORM"].Notes);
    }

    [Fact]
    public void AJacobianNormThatOverflowsNamesTheBatchWhoseLogitsOverflowed()
    {
        // 1e30 * 1e30 = 1e60 overflows float32: the logits of every example are +-inf
        using var model = TwoLayer(Diag(1e30, 1e30), Diag(1e30, 1e30));
        var (x, _) = TenPoints().ToTensors();
        var (value, why) = PgdlBaselines.JacobianNormTraced(model, x, 4, 3);
        Assert.False(double.IsFinite(value));
        Assert.Equal("the logits of examples 0..3 are not finite", why);
        using var fine = TwoLayer(Diag(1, 2), Diag(3, 4));
        var (ok, none) = PgdlBaselines.JacobianNormTraced(fine, x, 4, 3);
        Assert.True(double.IsFinite(ok));
        Assert.Null(none);
    }
}
