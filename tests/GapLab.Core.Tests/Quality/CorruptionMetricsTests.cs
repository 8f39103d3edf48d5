using GapLab.Quality;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GapLab.Core.Tests.Quality;

public class CorruptionMetricsTests
{
    public CorruptionMetricsTests() => GapLab.Runtime.TorchRuntime.EnsureLoaded();

    static CorruptionAccuracyTable Table(string name, double clean, double[] a, double[] b) => new(name, clean,
        a.Select((v, i) => new CorruptionAccuracy("A", i + 1, v)).Concat(b.Select((v, i) => new CorruptionAccuracy("B", i + 1, v))).ToArray(), 100, 0);

    // model: clean .9, A = [.8,.7,.6,.5,.4], B = [.9,.85,.8,.6,.3]
    static readonly CorruptionAccuracyTable Model = Table("model", 0.9, new[] { .8, .7, .6, .5, .4 }, new[] { .9, .85, .8, .6, .3 });
    // baseline: clean .8, A = [.6,.5,.4,.3,.2], B = [.7,.6,.5,.4,.3]
    static readonly CorruptionAccuracyTable Baseline = Table("alexnet-like", 0.8, new[] { .6, .5, .4, .3, .2 }, new[] { .7, .6, .5, .4, .3 });

    [Fact]
    public void Mean_relative_accuracy_matches_the_hand_computed_value()
    {
        // A: mean .6 / .9 = .666667; B: mean .69 / .9 = .766667; overall .716667
        Assert.Equal((0.6 / 0.9 + 0.69 / 0.9) / 2, CorruptionRobustness.MeanRelativeAccuracy(Model), 12);
    }

    [Fact]
    public void Mce_against_a_named_baseline_matches_the_hand_computed_value()
    {
        // errors A: model .2+.3+.4+.5+.6 = 2.0, baseline .4+.5+.6+.7+.8 = 3.0 -> CE_A = .666667
        // errors B: model .1+.15+.2+.4+.7 = 1.55, baseline .3+.4+.5+.6+.7 = 2.5 -> CE_B = .62; mCE = .643333
        // relative A: (.1+.2+.3+.4+.5) / (.2+.3+.4+.5+.6) = 1.5/2 = .75; B: (0+.05+.1+.3+.6) / (.1+.2+.3+.4+.5) = 1.05/1.5 = .7; mean .725
        var r = MeanCorruptionError.Compute(Model, Baseline);
        Assert.Equal("alexnet-like", r.BaselineModel);
        Assert.Equal(2.0 / 3, r.CorruptionErrors["A"], 12);
        Assert.Equal(0.62, r.CorruptionErrors["B"], 12);
        Assert.Equal((2.0 / 3 + 0.62) / 2, r.Mce, 12);
        Assert.Equal(0.725, r.RelativeMce!.Value, 12);
    }

    [Fact]
    public void Drop_threshold_interpolates_between_severities()
    {
        // drop .15 -> target .75. A: s1 .8 >= .75, s2 .7 < .75 -> 1 + (.8-.75)/(.8-.7) = 1.5
        // B: .9, .85, .8, then s4 .6 < .75 -> 3 + (.8-.75)/(.8-.6) = 3.25
        var r = CorruptionDropThreshold.Compute(Model, 0.15);
        Assert.Equal(1.5, r.Severity["A"]!.Value, 12);
        Assert.Equal(3.25, r.Severity["B"]!.Value, 12);
        // drop .05 -> target .85: A at severity 0 -> .8 < .85 already at s1: 0 + (.9-.85)/(.9-.8) = .5
        Assert.Equal(0.5, CorruptionDropThreshold.Compute(Model, 0.05).Severity["A"]!.Value, 12);
        // drop .7 -> target .2: never reached
        Assert.Null(CorruptionDropThreshold.Compute(Model, 0.7).Severity["A"]);
        Assert.Throws<ArgumentException>(() => CorruptionDropThreshold.Compute(Model, 0));
    }

    [Fact]
    public void Tables_with_gaps_or_bad_values_are_rejected()
    {
        var partial = new CorruptionAccuracyTable("base", 0.8, new[] { new CorruptionAccuracy("A", 1, .5), new CorruptionAccuracy("B", 1, .5) }, 10, 0);
        Assert.Contains("lacks A", Assert.Throws<ArgumentException>(() => MeanCorruptionError.Compute(Model, partial)).Message);
        var bad = new CorruptionAccuracyTable("m", 0.8, new[] { new CorruptionAccuracy("A", 1, 1.5) }, 10, 0);
        Assert.Contains("1.5", Assert.Throws<ArgumentException>(() => CorruptionRobustness.MeanRelativeAccuracy(bad)).Message);
    }

    [Fact]
    public void Evaluation_tabulates_every_corruption_and_severity_and_is_reproducible()
    {
        using var scope = NewDisposeScope();
        var images = QualityTestImages.Natural(6, 1, 8, 8);
        var labels = tensor(new long[] { 0, 1, 0, 1, 0, 1 });
        var model = Sequential(Flatten(), Linear(64, 2));
        var names = new[] { "gaussian_noise", "contrast" };
        var a = CorruptionEvaluation.Evaluate("tiny", model, images, labels, names, new[] { 1, 5 }, seed: 3, batchSize: 4);
        var b = CorruptionEvaluation.Evaluate("tiny", model, images, labels, names, new[] { 1, 5 }, seed: 3, batchSize: 4);
        Assert.Equal(4, a.Entries.Count);
        Assert.Equal(names, a.Corruptions);
        Assert.Equal(a.Entries, b.Entries);
        Assert.All(a.Entries, e => Assert.Equal(0, e.Accuracy * 6 % 1, 9));
    }
}
