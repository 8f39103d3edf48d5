using GapLab.Benchmarking;

namespace GapLab.Core.Tests.Benchmarking;

public class BenchmarkComparerTests
{
    static readonly BenchmarkProtocol Protocol = new() { Name = "t", Models = ["a"], TestFingerprint = "fp", BootstrapResamples = 500 };
    static readonly BenchmarkVersion Version = new(new BenchmarkRow("t", 1, Protocol.Hash(), Protocol.ToJson(), DateTime.UtcNow), Protocol);

    static BenchmarkEvaluationRow Eval(string id, int minutes) => new()
    {
        EvalId = id, Benchmark = "t", Version = 1, DataLabel = id, Dataset = "d", TestSize = 0, Seed = 0, TestFingerprint = id,
        StartedUtc = new DateTime(2026, 1, 1, 0, minutes, 0, DateTimeKind.Utc), Status = BenchmarkRunner.Completed,
    };

    /// <summary>A model on 400 images of 4 classes; image i is right unless <paramref name="wrong"/>(i); confidence 0.9 when right, 0.6 when wrong.</summary>
    static ModelEvaluation Model(string run, Func<int, bool> wrong, Func<int, bool>? wrongOnShift = null)
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
            [BenchmarkTestSets.Corruption("contrast", 3)] = Set(i => wrong(i) || i % 5 == 0),
            ["shift:translate=4"] = Set(wrongOnShift ?? (i => wrong(i) || i % 3 == 0)),
        });
    }

    [Fact]
    public void TwoIdenticalEvaluationsShowNoSignificantChangeAnywhere()
    {
        var models = new[] { Model("a", i => i % 7 == 0), Model("b", i => i % 4 == 1 && i % 3 == 0) };
        var c = BenchmarkComparer.Compare(Version, Eval("e1", 0), Eval("e2", 1), models, models);
        Assert.True(c.Paired);
        Assert.Equal(2 * BenchmarkMetrics.All.Count, c.Changes.Count);
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
}
