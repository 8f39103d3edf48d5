using GapLab.Quality;
using static TorchSharp.torch;

namespace GapLab.Core.Tests.Quality;

public class CalibrationTests
{
    public CalibrationTests() => GapLab.Runtime.TorchRuntime.EnsureLoaded();

    // Five samples, three classes, 15 bins of width 1/15:
    //   s1 p=[.90,.05,.05] y=0: conf .90 (bin 13 = .90*15 -> 13.5), correct
    //   s2 p=[.10,.85,.05] y=2: conf .85 (bin 12), wrong
    //   s3 p=[.62,.28,.10] y=0: conf .62 (bin 9), correct
    //   s4 p=[.50,.40,.10] y=1: conf .50 (bin 7), wrong
    //   s5 p=[.20,.16,.64] y=2: conf .64 (bin 9), correct
    // bins: 7 {n1, conf .5, acc 0}, 9 {n2, conf .63, acc 1}, 12 {n1, conf .85, acc 0}, 13 {n1, conf .9, acc 1}
    // ECE = (1*.5 + 2*.37 + 1*.85 + 1*.1) / 5 = 2.19 / 5 = 0.438;  MCE = .85
    // Brier = (.015 + 1.635 + .2328 + .62 + .1952) / 5 = 0.5396   (s2: .1^2 + .85^2 + .95^2 = 1.635)
    // NLL = -(ln .9 + ln .05 + ln .62 + ln .4 + ln .64) / 5 = 0.98834128
    static readonly double[,] P = { { .9, .05, .05 }, { .1, .85, .05 }, { .62, .28, .1 }, { .5, .4, .1 }, { .2, .16, .64 } };
    static readonly int[] Y = { 0, 2, 0, 1, 2 };

    [Fact]
    public void Ece_mce_brier_nll_match_the_hand_worked_five_samples()
    {
        Assert.Equal(0.438, ExpectedCalibrationError.Compute(P, Y), 12);
        Assert.Equal(0.85, MaximumCalibrationError.Compute(P, Y), 12);
        Assert.Equal(0.5396, BrierScore.Compute(P, Y), 12);
        Assert.Equal(0.98834128493, NegativeLogLikelihood.Compute(P, Y), 10);
    }

    [Fact]
    public void Reliability_diagram_bins_hold_count_mean_confidence_and_accuracy()
    {
        var d = ReliabilityDiagram.Compute(P, Y);
        Assert.Equal(15, d.Bins.Count);
        Assert.Equal(5, d.SampleCount);
        var used = d.Bins.Where(b => b.Count > 0).ToArray();
        Assert.Equal(new[] { 7, 9, 12, 13 }, used.Select(b => b.Index));
        Assert.Equal(new[] { 1, 2, 1, 1 }, used.Select(b => b.Count));
        Assert.Equal(0.63, used[1].MeanConfidence, 12);
        Assert.Equal(1.0, used[1].Accuracy, 12);
        Assert.Equal(9.0 / 15, used[1].Lower, 12);
        Assert.Equal(-0.85, used[2].Gap, 12);
    }

    [Fact]
    public void Tensor_overloads_agree_with_the_array_versions()
    {
        using var scope = NewDisposeScope();
        var p = tensor(new float[] { .9f, .05f, .05f, .1f, .85f, .05f, .62f, .28f, .1f, .5f, .4f, .1f, .2f, .16f, .64f }, new long[] { 5, 3 });
        var y = tensor(new long[] { 0, 2, 0, 1, 2 });
        Assert.Equal(0.438, ExpectedCalibrationError.Compute(p, y), 6);
        Assert.Equal(0.5396, BrierScore.Compute(p, y), 6);
    }

    // Two classes, four samples, 2 equal-mass bins (edge = sorted value at index round(1 * 4/2) = 2):
    //   class 0: p = [.8,.6,.3,.1], y==0 = [1,0,1,0]; sorted [.1,.3,.6,.8], edge .6
    //     bin 0 {.3 (hit), .1}: |1 - .4| / 4 = .15;  bin 1 {.8 (hit), .6}: |1 - 1.4| / 4 = .10  -> CE_0 = .25
    //   class 1: p = [.2,.4,.7,.9], y==1 = [0,1,0,1]; edge .7
    //     bin 0 {.2, .4 (hit)}: |1 - .6| / 4 = .10;  bin 1 {.7, .9 (hit)}: |1 - 1.6| / 4 = .15  -> CE_1 = .25
    //   ACE = (.25 + .25) / 2 = .25.  With one bin: CE_j = |sum hits - sum p| / 4 = |2 - 1.8| / 4 = .05 for both -> .05
    [Fact]
    public void Adaptive_calibration_error_matches_the_hand_worked_equal_mass_bins()
    {
        var p = new[,] { { .8, .2 }, { .6, .4 }, { .3, .7 }, { .1, .9 } };
        var y = new[] { 0, 1, 0, 1 };
        Assert.Equal(0.25, AdaptiveCalibrationError.Compute(p, y, bins: 2), 12);
        Assert.Equal(0.05, AdaptiveCalibrationError.Compute(p, y, bins: 1), 12);
    }

    // Reference mode, one bin: p = [[1 - 1e-50, 1e-50], [.8,.2], [.6,.4], [.3,.7]], y = [0,0,1,1].
    //   default (double): CE_0 = |2 - (1 + .8 + .6 + .3)| / 4 = .175, CE_1 = |2 - (1e-50 + .2 + .4 + .7)| / 4 = .175 -> ACE .175
    //   reference: 1e-50 rounds to 0 in float32 and is not > 0, so class 1 keeps examples 2-4 (hits 0,1,1):
    //   CE_1 = |2 - (.2 + .4 + .7)| / 3 = .7/3; CE_0 unchanged .175 -> ACE = (.175 + .7/3) / 2 = .2041667 (float32 rounding of .8,.6,.3,.2,.4,.7)
    [Fact]
    public void Adaptive_calibration_error_reference_mode_drops_probabilities_that_underflow_in_float32()
    {
        var p = new[,] { { 1 - 1e-50, 1e-50 }, { .8, .2 }, { .6, .4 }, { .3, .7 } };
        var y = new[] { 0, 0, 1, 1 };
        Assert.Equal(0.175, AdaptiveCalibrationError.Compute(p, y, bins: 1), 12);
        Assert.Equal((0.175 + 0.7 / 3) / 2, AdaptiveCalibrationError.Compute(p, y, bins: 1, reference: true), 7);
        // probabilities that are exact in float32 and nowhere 0: both modes agree
        var q = new[,] { { .75, .25 }, { .5, .5 }, { .25, .75 }, { .125, .875 } };
        Assert.Equal(AdaptiveCalibrationError.Compute(q, y, bins: 2), AdaptiveCalibrationError.Compute(q, y, bins: 2, reference: true), 15);
        Assert.Equal((0.175 + 0.7 / 3) / 2, CalibrationMetrics.Compute(p, y, bins: 1, aceReference: true).Ace, 7);
    }

    // Logits [2, 0] for four samples, labels [0,0,0,1]: p0 = sigmoid(2 / T); NLL is minimal where p0 = 3/4, i.e. T = 2 / ln 3 = 1.8204785.
    // Before: conf sigmoid(2) = .8807971, acc .75 -> ECE .1307971. After: conf .75 = acc -> ECE 0, NLL = -(3 ln .75 + ln .25)/4 = .5623351.
    [Fact]
    public void Temperature_scaling_finds_the_closed_form_temperature()
    {
        var logits = new double[,] { { 2, 0 }, { 2, 0 }, { 2, 0 }, { 2, 0 } };
        var r = TemperatureScaling.Fit(logits, new[] { 0, 0, 0, 1 });
        Assert.Equal(2 / Math.Log(3), r.Temperature, 5);
        Assert.Equal(0.8807970780 - 0.75, r.Before.Ece, 8);
        Assert.Equal(0.0, r.After.Ece, 5);
        Assert.Equal(0.5623351446, r.After.Nll, 8);
        Assert.True(r.After.Nll < r.Before.Nll);
    }

    [Fact]
    public void Calibration_error_dimension_is_the_geometric_mean_of_ece_and_ace()
    {
        var m = new CalibrationMetrics(0.9, Ece: 0.02, Ace: 0.04, Mce: 0.1, Brier: 0.2, Nll: 0.3, Bins: 15);
        Assert.Equal(Math.Sqrt(0.02 * 0.04), m.CalibrationError, 12);
        var full = CalibrationMetrics.Compute(P, Y);
        Assert.Equal(0.6, full.Accuracy, 12);
        Assert.Equal(0.438, full.Ece, 12);
    }

    [Fact]
    public void Bad_inputs_are_rejected_with_the_offending_value()
    {
        Assert.Contains("sums to", Assert.Throws<ArgumentException>(() => BrierScore.Compute(new[,] { { .5, .6 } }, new[] { 0 })).Message);
        Assert.Contains("label 3", Assert.Throws<ArgumentException>(() => ExpectedCalibrationError.Compute(new[,] { { .5, .5 } }, new[] { 3 })).Message);
        Assert.Contains("2 labels", Assert.Throws<ArgumentException>(() => NegativeLogLikelihood.Compute(new[,] { { .5, .5 } }, new[] { 0, 1 })).Message);
        Assert.Contains("bins", Assert.Throws<ArgumentException>(() => ReliabilityDiagram.Compute(P, Y, 0)).Message);
        Assert.Contains("temperature", Assert.Throws<ArgumentException>(() => NegativeLogLikelihood.FromLogits(new double[,] { { 1, 0 } }, new[] { 0 }, 0)).Message);
    }
}
