using GapLab.Metrics;
using GapLab.Training;

namespace GapLab.Core.Tests.Metrics;

public class GeneralizationGapTests
{
    [Fact]
    public void Gaps_of_a_hand_computed_case()
    {
        var g = new GeneralizationGap(TrainAccuracy: 0.95, TestAccuracy: 0.80, TrainLoss: 0.2, TestLoss: 0.7);
        Assert.Equal(0.15, g.AccuracyGap, 12);
        Assert.Equal(0.15, g.ErrorGap, 12); // test error 0.20 - train error 0.05
        Assert.Equal(0.5, g.LossGap, 12);
        Assert.Equal(0.15, g.AbsoluteAccuracyGap, 12);
    }

    [Fact]
    public void Negative_gap_keeps_its_sign_and_absolute_drops_it()
    {
        var g = new GeneralizationGap(0.70, 0.75, 0.9, 0.8);
        Assert.Equal(-0.05, g.AccuracyGap, 12);
        Assert.Equal(-0.05, g.ErrorGap, 12);
        Assert.Equal(-0.1, g.LossGap, 12);
        Assert.Equal(0.05, g.AbsoluteAccuracyGap, 12);
        Assert.Equal(0.05, g.AbsoluteErrorGap, 12);
        Assert.Equal(0.1, g.AbsoluteLossGap, 12);
    }

    [Fact]
    public void Curve_from_epochs_and_final_gap_from_a_result()
    {
        var epochs = new[]
        {
            new EpochRecord(1, 10, 1.0, 0.6, 1.1, 0.55, null, null, 0.1, 0.5, 1.2),
            new EpochRecord(2, 20, 0.3, 0.9, 0.8, 0.7, null, null, 0.1, 0.5, 0.4),
        };
        var curve = GeneralizationGap.FromEpochs(epochs);
        Assert.Equal([1, 2], curve.Select(c => c.Epoch));
        Assert.Equal([10L, 20L], curve.Select(c => c.Steps));
        Assert.Equal(0.05, curve[0].Gap.AccuracyGap, 12);
        Assert.Equal(0.2, curve[1].Gap.AccuracyGap, 12);
        Assert.Equal(0.5, curve[1].Gap.LossGap, 12);

        var result = new TrainResult(TrainStatus.Completed, epochs, new FinalMetrics(0.3, 0.9, 0.8, 0.7), 20, 1, null, null, null,
            "", null, "", "", []);
        Assert.Equal(curve[1].Gap, GeneralizationGap.Final(result));
        var empty = result with { Final = null, Status = TrainStatus.Diverged };
        Assert.Contains("Diverged", Assert.Throws<InvalidOperationException>(() => GeneralizationGap.Final(empty)).Message);
    }
}
