using GapLab.Benchmarking;
using GapLab.Store;

namespace GapLab.Core.Tests.Benchmarking;

public class BenchmarkComparerTests
{
    static readonly BenchmarkProtocol Protocol = new() { Name = "t", Models = ["a"], TestFingerprint = "fp", BootstrapResamples = 500 };
    static readonly BenchmarkVersion Version = new(new BenchmarkRow("t", 1, Protocol.Hash(), Protocol.ToJson(), DateTime.UtcNow), Protocol);

    static BenchmarkEvaluationRow Eval(string id, int minutes) => new()
    {
        EvalId = id, Benchmark = "t", Version = 1, DataLabel = id, Dataset = "d", TestSize = 0, Seed = 0, TestFingerprint = id,
        StartedUtc = new DateTime(2026, 1, 1, 0, minutes, 0, DateTimeKind.Utc), Status = "completed",
    };

    /// <summary>A model on 400 images of 4 classes; image i is right unless <paramref name="wrong"/>(i); confidence 0.9 when right, 0.6 when wrong.</summary>
    static ModelEvaluation Model(string run, Func<int, bool> wrong, Func<int, bool>? wrongOnShift = null) =>
        Model(run, wrong, i => wrong(i) || i % 5 == 0, wrongOnShift ?? (i => wrong(i) || i % 3 == 0), i => wrong(i) || i % 2 == 0, i => wrong(i) || i % 4 < 3);

    /// <summary>As above with every set's wrong images given: clean, contrast at severity 3, the translate shift, FGSM and PGD at 0.1.</summary>
    static ModelEvaluation Model(string run, Func<int, bool> wrong, Func<int, bool> corrupted, Func<int, bool> shifted, Func<int, bool> fgsm, Func<int, bool> pgd)
    {
        TestSetPredictions Set(Func<int, bool> w)
        {
            var labels = Enumerable.Range(0, 400).Select(i => i % 4).ToArray();
            var predicted = labels.Select((y, i) => w(i) ? (y + 1) % 4 : y).ToArray();
            var conf = predicted.Select((p, i) => p == labels[i] ? 0.9 : 0.6).ToArray();
            return new TestSetPredictions(labels, predicted, conf);
        }
        return new ModelEvaluation(run, "mlp", 0, "", 0.95, 4, new Dictionary<string, TestSetPredictions>
        {
            [BenchmarkTestSets.Clean] = Set(wrong),
            [BenchmarkTestSets.Corruption("contrast", 3)] = Set(corrupted),
            ["shift:translate=4"] = Set(shifted),
            [BenchmarkTestSets.Adversarial(BenchmarkTestSets.Fgsm, 0.1)] = Set(fgsm),
            [BenchmarkTestSets.Adversarial(BenchmarkTestSets.Pgd, 0.1)] = Set(pgd),
        });
    }

    [Fact]
    public void TwoIdenticalEvaluationsShowNoSignificantChangeAnywhere()
    {
        var models = new[] { Model("a", i => i % 7 == 0), Model("b", i => i % 4 == 1 && i % 3 == 0) };
        var c = BenchmarkComparer.Compare(Version, Eval("e1", 0), Eval("e2", 1), models, models);
        Assert.True(c.Paired);
        // the eight fixed metrics, QUBA and the drop threshold of contrast (the only corruption with test sets) for both models
        Assert.Equal(2 * 10, c.Changes.Count);
        Assert.Equal(["accuracy", "gap", "calibration_error", "worst_class_accuracy", "corruption_robustness", "ood_robustness", "pgd_accuracy",
            "adversarial_robustness", "quba", "drop_threshold:contrast"], c.Changes.Where(m => m.RunId == "a").Select(m => m.Metric));
        Assert.All(c.Changes, m =>
        {
            Assert.Equal(BenchmarkVerdict.NoSignificantChange, m.Verdict);
            Assert.Equal(0, m.Delta);
            Assert.Equal((0.0, 0.0), (m.Low, m.High));
        });
        Assert.Empty(c.FailingRegressions);
        Assert.All(c.Changes.Where(m => m.Metric == "accuracy"), m => Assert.Equal(1.0, m.PValue));
    }

    [Fact]
    public void AnAccuracyDropIsARegressionBeyondTolerance()
    {
        var before = new[] { Model("a", i => i % 10 == 0) };           // 90 % accurate
        var after = new[] { Model("a", i => i % 10 == 0 || i % 4 == 1) }; // loses the 100 images of class 1 (none of them was wrong before)
        var c = BenchmarkComparer.Compare(Version, Eval("e1", 0), Eval("e2", 1), before, after);
        var acc = c.Changes.Single(m => m.Metric == "accuracy");
        Assert.Equal(-100.0 / 400, acc.Delta, 1e-12);
        Assert.Equal(BenchmarkVerdict.Regression, acc.Verdict);
        Assert.True(acc.BeyondTolerance);
        Assert.True(acc.High < 0);
        Assert.Contains("McNemar chi-square (b=100, c=0)", acc.Test);
        var gap = c.Changes.Single(m => m.Metric == "gap");
        Assert.Equal(BenchmarkVerdict.Regression, gap.Verdict); // the gap grows: lower is better
        Assert.Contains(c.FailingRegressions, m => m.Metric == "accuracy");
        // the worst class: class 1, now all wrong
        Assert.Equal(1, c.Classes.Single(k => k.Worst).ClassIndex);
        Assert.Equal(0, c.Classes.Single(k => k.Worst).Accuracy);
    }

    [Fact]
    public void ASmallSignificantDropWithinToleranceDoesNotFail()
    {
        var before = new[] { Model("a", _ => false) };
        var after = new[] { Model("a", i => i % 41 == 0) }; // 10 images of all classes wrong: -0.025, b = 10, c = 0: exact McNemar p = 2/1024
        var c = BenchmarkComparer.Compare(Version with { Protocol = Protocol with { Tolerance = 0.05 } }, Eval("e1", 0), Eval("e2", 1), before, after);
        var acc = c.Changes.Single(m => m.Metric == "accuracy");
        Assert.Equal(BenchmarkVerdict.Regression, acc.Verdict);
        Assert.Equal(2.0 / 1024, acc.PValue!.Value, 1e-12);
        Assert.False(acc.BeyondTolerance);
        Assert.Empty(c.FailingRegressions);
    }

    [Fact]
    public void DifferentImagesAreComparedUnpaired()
    {
        var before = new[] { Model("a", i => i % 10 == 0) };
        var after = new[] { Model("a", i => i % 10 == 0) with { TestSets = new Dictionary<string, TestSetPredictions>
        {
            [BenchmarkTestSets.Clean] = new TestSetPredictions([0, 1, 2, 3, 0, 1], [0, 1, 2, 3, 0, 0], [0.9, 0.9, 0.9, 0.9, 0.9, 0.6]),
        } } };
        var c = BenchmarkComparer.Compare(Version, Eval("e1", 0), Eval("e2", 1), before, after);
        Assert.False(c.Paired);
        Assert.All(c.Changes, m => Assert.Null(m.PValue));
        Assert.Contains(c.Notes, n => n.Contains("unpaired"));
    }

    [Fact]
    public void SeedSpreadGroupsRunsOfOneConfiguration()
    {
        var models = new[] { Model("s0", i => i % 10 == 0) with { Seed = 0 }, Model("s1", i => i % 5 == 0) with { Seed = 1 }, Model("s2", i => i % 4 == 0) with { Seed = 2 } };
        var s = BenchmarkComparer.Seeds("e", models, [BenchmarkMetrics.Accuracy]).Single();
        Assert.Equal(("mlp", 3, 0.9, 0.8, 0.75), (s.Configuration, s.Seeds, s.Best, s.Median, s.Worst));
    }

    [Fact]
    public void AdversarialMetricsComeFromTheStoredAttackPredictions()
    {
        // clean: 360/400 right; FGSM: wrong when i % 10 < 3 (280 right), PGD: wrong when i is even (200 right)
        var before = Model("a", i => i % 10 == 0, _ => false, _ => false, i => i % 10 < 3, i => i % 2 == 0);
        Assert.Equal(0.5, BenchmarkMetrics.PgdAccuracy.Compute(before, All(400)), 1e-12);
        Assert.Equal(Math.Sqrt(0.5 / 0.9 * (0.7 / 0.9)), BenchmarkMetrics.AdversarialRobustness.Compute(before, All(400)), 1e-12);
        // afterwards PGD also wins on every i % 4 == 1 (100 more images lost: odd images only): paired regression of both
        var after = Model("a", i => i % 10 == 0, _ => false, _ => false, i => i % 10 < 3, i => i % 2 == 0 || i % 4 == 1);
        var c = BenchmarkComparer.Compare(Version, Eval("e1", 0), Eval("e2", 1), [before], [after]);
        var pgd = c.Changes.Single(m => m.Metric == "pgd_accuracy");
        Assert.Equal(-0.25, pgd.Delta, 1e-12);
        Assert.Equal(BenchmarkVerdict.Regression, pgd.Verdict);
        Assert.True(pgd.BeyondTolerance);
        Assert.Equal("paired bootstrap", pgd.Test);
        var adv = c.Changes.Single(m => m.Metric == "adversarial_robustness");
        Assert.Equal(Math.Sqrt(0.25 / 0.9 * (0.7 / 0.9)) - Math.Sqrt(0.5 / 0.9 * (0.7 / 0.9)), adv.Delta, 1e-12);
        Assert.Equal(BenchmarkVerdict.Regression, adv.Verdict);
        Assert.True(adv.High < 0);
    }

    [Fact]
    public void TheDropThresholdIsAJudgedMetricCensoredAtTheHighestSeverity()
    {
        // clean 0.9, contrast severity 3: 0.7 (wrong when i % 10 < 3); t = 0.8, s* = 0 + 3 (0.9 - 0.8)/(0.9 - 0.7) = 1.5
        var before = Model("a", i => i % 10 == 0, i => i % 10 < 3, _ => false, _ => false, _ => false);
        Assert.Equal(1.5, BenchmarkMetrics.DropSeverity(before, "contrast", All(400)), 1e-12);
        // afterwards contrast costs only the clean errors plus 20 images (0.85 > t): never falls 0.1, counted as severity 3
        var after = Model("a", i => i % 10 == 0, i => i % 10 == 0 || i % 20 == 1, _ => false, _ => false, _ => false);
        Assert.Equal(3, BenchmarkMetrics.DropSeverity(after, "contrast", All(400)));
        var c = BenchmarkComparer.Compare(Version, Eval("e1", 0), Eval("e2", 1), [before], [after]);
        var drop = c.Changes.Single(m => m.Metric == "drop_threshold:contrast");
        Assert.Equal(1.5, drop.Baseline, 1e-12);
        Assert.Equal(3.0, drop.Current);
        Assert.Equal(1.5, drop.Delta, 1e-12);
        Assert.Equal(BenchmarkVerdict.Improvement, drop.Verdict);
        Assert.Contains("unreached = highest severity", drop.Test);
        // the other way round it is a regression beyond the tolerance (0.01 severity)
        var back = BenchmarkComparer.Compare(Version, Eval("e1", 0), Eval("e2", 1), [after], [before]).Changes.Single(m => m.Metric == "drop_threshold:contrast");
        Assert.Equal((BenchmarkVerdict.Regression, true), (back.Verdict, back.BeyondTolerance));
    }

    [Fact]
    public void QubaIsScoredOnTheFrozenScaleOfTheReferenceModels()
    {
        // a is better than b in every measured dimension; with two models (ddof 0) every z-score is +1 for a and -1 for b, so
        // QUBA(a) = sum |w| / sum |w| = 1 and QUBA(b) = -1 (accuracy 1, three robustness dimensions 1/3 each, calibration error -1)
        var a = Model("a", _ => false, _ => false, _ => false, i => i % 4 == 0, i => i % 2 == 0);
        var b = Model("b", i => i % 10 == 0, i => i % 5 == 0, i => i % 10 == 0 || i % 3 == 0, _ => true, _ => true);
        var (scale, whyNot) = BenchmarkMetrics.QubaScaleOf([a, b], "e1");
        Assert.Null(whyNot);
        Assert.Equal(5, scale!.Dimensions.Count);
        var quba = BenchmarkMetrics.Quba(scale);
        Assert.Equal(1.0, quba.Compute(a, All(400)), 1e-12);
        Assert.Equal(-1.0, quba.Compute(b, All(400)), 1e-12);
        // a single model cannot set a scale: QUBA is left out with the reason in the notes
        var one = BenchmarkComparer.Compare(Version, Eval("e1", 0), Eval("e2", 1), [a], [a]);
        Assert.DoesNotContain(one.Changes, m => m.Metric == "quba");
        Assert.Contains(one.Notes, n => n.StartsWith("QUBA is not judged", StringComparison.Ordinal));
        // b catches up with a in the current evaluation: a large QUBA improvement on the frozen scale
        var c = BenchmarkComparer.Compare(Version, Eval("e1", 0), Eval("e2", 1), [a, b], [a, b with { TestSets = a.TestSets }]);
        var change = c.Changes.Single(m => m.Metric == "quba" && m.RunId == "b");
        Assert.Equal(2.0, change.Delta, 1e-12);
        Assert.Equal(BenchmarkVerdict.Improvement, change.Verdict);
        Assert.Contains("z-scores frozen on e1", change.Test);
    }

    static int[] All(int n) => Enumerable.Range(0, n).ToArray();
}
