using System.Text.Json;
using GapLab.Analysis;
using GapLab.Core.Tests.Quality;
using GapLab.Data;
using GapLab.Metrics.Complexity;
using GapLab.Quality;
using GapLab.Suites;
using GapLab.Weights;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using GapLab.IO;

namespace GapLab.Core.Tests.Analysis;

/// <summary>Non-finite numbers (a diverged run) never crash a later stage: each stage says what is wrong instead.</summary>
public class NonFiniteOutputTests
{
    public NonFiniteOutputTests() => GapLab.Runtime.TorchRuntime.EnsureLoaded();

    sealed record Stats(double Finite, double NotANumber, double Infinite, double[] Values);

    [Fact]
    public void ResultJsonWritesNonFiniteNumbersAsNullAndReadsThemBackAsNaN()
    {
        var options = NonFiniteAsNullConverter.With(new JsonSerializerOptions());
        string json = JsonSerializer.Serialize(new Stats(1.5, double.NaN, double.NegativeInfinity, [0.25, double.PositiveInfinity]), options);
        Assert.Equal("""{"Finite":1.5,"NotANumber":null,"Infinite":null,"Values":[0.25,null]}""", json);
        var back = JsonSerializer.Deserialize<Stats>(json, options)!;
        Assert.Equal(1.5, back.Finite);
        Assert.True(double.IsNaN(back.NotANumber) && double.IsNaN(back.Infinite) && double.IsNaN(back.Values[1]));
    }

    static Module<Tensor, Tensor> Poisoned()
    {
        manual_seed(1);
        var linear = Linear(64, 2);
        using (no_grad()) linear.weight![0, 3] = float.NaN;
        return Sequential(Flatten(), linear);
    }

    [Fact]
    public void MeasuringADivergedModelSaysItsWeightsHoldNaNNotAnSvdStack()
    {
        using var scope = NewDisposeScope();
        using var model = Poisoned();
        var e = Assert.Throws<InvalidDataException>(() => ModelWeights.RequireFinite(model, "run 'cnn|seed=0'"));
        Assert.Equal("the weights of run 'cnn|seed=0' contain NaN/Inf (1 of 128 values of '1.weight'): the run diverged; retrain it (e.g. with a lower learning rate) or leave it out.", e.Message);

        var data = new Dataset("tiny", new float[6 * 64], [0, 1, 0, 1, 0, 1], [1, 8, 8], ["a", "b"]);
        var viaMeasures = Assert.Throws<InvalidDataException>(() => ComplexityMeasures.Compute(model, null, data, new MeasureOptions { Measures = "PARAMS" }));
        Assert.Contains("the weights of the model contain NaN/Inf", viaMeasures.Message);
    }

    [Fact]
    public void QualityOfAModelWithNonFiniteLogitsSaysSoInsteadOfANotAProbabilityError()
    {
        using var scope = NewDisposeScope();
        using var model = Poisoned();
        var x = QualityTestImages.Natural(8, 1, 8, 8);
        var y = tensor(new long[] { 0, 1, 0, 1, 0, 1, 0, 1 });
        var e = Assert.Throws<ArgumentException>(() => QualityEvaluator.Evaluate("diverged-cnn", model, x, y));
        Assert.Contains("the logits of model 'diverged-cnn' are not finite (NaN/Inf) on 8 of 8 test images", e.Message);
        Assert.DoesNotContain("is not a probability", e.Message);
    }

    [Theory]
    [InlineData(-0.00001, 4, "-0.0000")]
    [InlineData(0.0, 4, "+0.0000")]
    [InlineData(0.00004, 4, "+0.0000")]
    [InlineData(-0.12346, 4, "-0.1235")]
    [InlineData(0.5, 3, "+0.500")]
    [InlineData(double.PositiveInfinity, 3, "+Inf")]
    public void SignedNumbersNeverPrintMinusPlus(double value, int decimals, string expected)
    {
        Assert.Equal(expected, SignedNumber.Format(value, decimals));
        Assert.DoesNotContain("-+", SignedNumber.Format(value, decimals));
        Assert.Equal("-", SignedNumber.Format(double.NaN, decimals, nan: "-"));
    }

    [Fact]
    public void PopulationJobsTakeTheLatestRecordOfEachRunAndNameTheRunsLeftOut()
    {
        var table = new CsvTable(["run_id", "status"],
        [
            ["a", "completed"], ["b", "diverged"], ["c", "cancelled"], ["c", "completed"], ["d", "completed"], ["d", "cancelled"],
        ]);
        var (completed, leftOut) = RunSelection.Completed(table);
        Assert.Equal(new[] { "a", "c" }, completed.Select(r => r[0]));
        Assert.Equal(new[] { ("b", "diverged"), ("d", "cancelled") }, leftOut);
        Assert.Equal("2 run(s) left out (not completed): b (diverged), d (cancelled)", RunSelection.Note(leftOut));
        Assert.Null(RunSelection.Note([]));
    }
}
