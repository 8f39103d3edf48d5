using GapLab.Benchmarking;
using GapLab.Store;

namespace GapLab.Core.Tests.Benchmarking;

/// <summary>The bootstrap interval of the corruption drop threshold (BenchmarkHistory.DropThresholds) on hand-worked cases.</summary>
public class DropThresholdIntervalTests
{
    static readonly BenchmarkEvaluationRow Eval = new()
    {
        EvalId = "e1", Benchmark = "t", Version = 1, DataLabel = "clean", Dataset = "d", TestSize = 0, Seed = 0, TestFingerprint = "fp",
        StartedUtc = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), Status = "completed",
    };

    static BenchmarkProtocol Protocol(int resamples = 400, int seed = 7) =>
        new() { Name = "t", Models = ["a"], BootstrapResamples = resamples, Seeds = [seed], Confidence = 0.9 };

    /// <summary>n images of 2 classes; clean right unless <paramref name="wrongClean"/>(i), contrast severity s right unless wrongAt[s](i).</summary>
    static ModelEvaluation Model(int n, Func<int, bool> wrongClean, params (int Severity, Func<int, bool> Wrong)[] wrongAt)
    {
        TestSetPredictions Set(Func<int, bool> w)
        {
            var labels = Enumerable.Range(0, n).Select(i => i % 2).ToArray();
            return new TestSetPredictions(labels, labels.Select((y, i) => w(i) ? 1 - y : y).ToArray(), Enumerable.Repeat(0.9, n).ToArray());
        }
        var sets = new Dictionary<string, TestSetPredictions> { [BenchmarkTestSets.Clean] = Set(wrongClean) };
        foreach (var (s, w) in wrongAt) sets[BenchmarkTestSets.Corruption("contrast", s)] = Set(w);
        return new ModelEvaluation("a", "mlp", 0, "", 1.0, 2, sets);
    }

    [Fact]
    public void EveryResampleGivesTheSameThresholdWhenTheCorruptionBreaksEveryImage()
    {
        // a0 = 1 and a3 = 0 on every multiset: s* = 3 (a0 - t) / (a0 - a3) = 3 * 0.1 / 1 = 0.3, so the interval is [0.3, 0.3]
        var p = Assert.Single(BenchmarkHistory.DropThresholds(Eval, Model(50, _ => false, (3, _ => true)), Protocol()));
        Assert.Equal(("contrast", 0.1), (p.Corruption, p.Drop));
        Assert.Equal(0.3, p.Severity!.Value, 12);
        Assert.Equal(0.3, p.Low!.Value, 12);
        Assert.Equal(0.3, p.High!.Value, 12);
        Assert.Equal(0, p.Unreached);
        Assert.Equal((400, 7, 0.9), (p.Resamples, p.Seed, p.Confidence));
    }

    [Fact]
    public void AnUnbrokenCorruptionHasNoThresholdAndNoBounds()
    {
        // the corrupted predictions equal the clean ones: a3 = a0 on every multiset, never below a0 - 0.1
        var p = Assert.Single(BenchmarkHistory.DropThresholds(Eval, Model(60, i => i % 6 == 0, (3, i => i % 6 == 0)), Protocol()));
        Assert.Null(p.Severity);
        Assert.Null(p.Low);
        Assert.Null(p.High);
        Assert.Equal(1, p.Unreached);
    }

    [Fact]
    public void TheIntervalIsThePairedPercentileBootstrapOfTheInterpolatedSeverity()
    {
        // one severity: s* = 3 * 0.1 / (a0 - a3) when a0 - a3 > 0.1 else none (= +inf); replayed here with the same seeded draws
        const int n = 200;
        Func<int, bool> clean = i => i % 10 == 0, contrast = i => i % 10 == 0 || i % 5 == 1 || i % 50 == 7; // a0 = 0.9, a3 = 0.68
        var m = Model(n, clean, (3, contrast));
        var p = Assert.Single(BenchmarkHistory.DropThresholds(Eval, m, Protocol()));
        Assert.Equal(3 * 0.1 / (0.9 - 0.68), p.Severity!.Value, 12);

        var rng = new Random(7);
        var values = new List<double>();
        for (int b = 0; b < 400; b++)
        {
            int right0 = 0, right3 = 0;
            for (int k = 0; k < n; k++)
            {
                int i = rng.Next(n);
                if (!clean(i)) right0++;
                if (!contrast(i)) right3++;
            }
            double d = (right0 - right3) / (double)n;
            values.Add(d > 0.1 ? 0.3 / d : double.PositiveInfinity);
        }
        values.Sort();
        double Q(double q) // numpy's linear percentile
        {
            double pos = q * (values.Count - 1);
            int lo = (int)Math.Floor(pos);
            return values[lo] + (pos - lo) * (values[Math.Min(lo + 1, values.Count - 1)] - values[lo]);
        }
        Assert.All(values, v => Assert.True(double.IsFinite(v))); // a0 - a3 = 0.22 stays above 0.1 in every resample of 200 images
        Assert.Equal(Q(0.05), p.Low!.Value, 12);
        Assert.Equal(Q(0.95), p.High!.Value, 12);
        Assert.True(p.Low < p.Severity && p.Severity < p.High);
        Assert.Equal(0, p.Unreached);
    }

    [Fact]
    public void AThresholdNearTheEdgeHasAnOpenUpperBound()
    {
        // a0 - a3 = 0.1 + 1/100 on 100 images: about half the resamples never fall 0.1 below clean, so the upper bound lies beyond severity 3
        var p = Assert.Single(BenchmarkHistory.DropThresholds(Eval, Model(100, _ => false, (3, i => i < 11)), Protocol()));
        Assert.Equal(3 * 0.1 / 0.11, p.Severity!.Value, 12);
        Assert.Null(p.High);
        Assert.NotNull(p.Low);
        Assert.InRange(p.Unreached, 0.2, 0.8);
        Assert.True(p.Low <= p.Severity);
    }

    [Theory]
    [InlineData(new[] { 1.0, 2.0, 3.0 }, 50, 2.0)]
    [InlineData(new[] { 1.0, 2.0, double.PositiveInfinity }, 50, 2.0)]
    [InlineData(new[] { 1.0, 2.0, double.PositiveInfinity }, 75, double.PositiveInfinity)]
    [InlineData(new[] { 1.0, 3.0, double.PositiveInfinity }, 25, 2.0)]
    [InlineData(new[] { double.PositiveInfinity, double.PositiveInfinity }, 0, double.PositiveInfinity)]
    public void PercentileTreatsUnreachedResamplesAsBeyondEverySeverity(double[] sorted, double q, double expected) =>
        Assert.Equal(expected, BenchmarkHistory.Percentile(sorted, q));
}
