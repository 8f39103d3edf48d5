using GapLab.Core.Tests.Data;
using GapLab.Quality;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GapLab.Core.Tests.Quality;

public class QualityEvaluationProgressTests
{
    public QualityEvaluationProgressTests() => GapLab.Runtime.TorchRuntime.EnsureLoaded();

    static readonly QualityOptions Small = new()
    {
        Corruptions = new[] { "gaussian_noise", "contrast" }, Severities = new[] { 1, 2 }, Pgd = new PgdOptions(Steps: 1), BatchSize = 4,
    };

    static (Module<Tensor, Tensor> Model, Tensor X, Tensor Y) Problem()
    {
        manual_seed(3);
        var x = QualityTestImages.Natural(8, 1, 8, 8);
        var y = tensor(new long[] { 0, 1, 0, 1, 0, 1, 0, 1 });
        return (Sequential(Flatten(), Linear(64, 2)), x, y);
    }

    [Fact]
    public void Progress_is_monotone_and_covers_every_stage()
    {
        using var scope = NewDisposeScope();
        var (model, x, y) = Problem();
        var events = new List<QualityProgress>();
        var inputs = new QualityInputs { OodSets = new[] { new QualityTestSet("shift:invert", DomainShift.Apply("shift:invert", x), y) } };
        var report = QualityEvaluator.Evaluate("m", model, x, y, Small, inputs, new SyncProgress<QualityProgress>(events.Add));
        Assert.False(report.Cancelled);
        // 2 logits batches + 1 calibration + 2 fgsm/pgd + 2 corruptions x 2 severities x 2 batches + 2 ood batches
        Assert.Equal(15, events[^1].Total);
        Assert.Equal(Enumerable.Range(1, 15).Select(i => (long)i), events.Select(e => e.Done));
        Assert.Equal(new[] { "logits", "calibration", "fgsm/pgd", "corruption gaussian_noise s1", "corruption gaussian_noise s2",
            "corruption contrast s1", "corruption contrast s2", "ood shift:invert" }, events.Select(e => e.Stage).Distinct());
        Assert.All(events, e => Assert.InRange(e.StageDone, 1, e.StageTotal));
        Assert.True(report[QualityDimension.OodRobustness].IsAvailable);
    }

    [Fact]
    public void Cancelling_after_the_first_stage_keeps_the_finished_dimensions()
    {
        using var scope = NewDisposeScope();
        var (model, x, y) = Problem();
        using var cts = new CancellationTokenSource();
        var events = new List<QualityProgress>();
        var report = QualityEvaluator.Evaluate("m", model, x, y, Small, null, new SyncProgress<QualityProgress>(p =>
        {
            events.Add(p);
            if (p.Stage == "calibration") cts.Cancel();
        }), cts.Token);
        Assert.True(report.Cancelled);
        Assert.Equal("fgsm/pgd", report.CancelledDuring);
        Assert.Equal(3, events.Count);
        var full = QualityEvaluator.Evaluate("m", model, x, y, Small);
        foreach (var d in new[] { QualityDimension.Accuracy, QualityDimension.CalibrationError, QualityDimension.ClassBalance, QualityDimension.Parameters })
            Assert.Equal(full[d].Value, report[d].Value);
        foreach (var d in new[] { QualityDimension.AdversarialRobustness, QualityDimension.CorruptionRobustness })
        {
            Assert.Null(report[d].Value);
            Assert.Equal("not available: cancelled during stage 'fgsm/pgd' (3 of 13 batches done)", report[d].UnavailableReason);
        }
        Assert.Null(report.Adversarial);
        Assert.Null(report.Corruptions);
        Assert.NotNull(report.Reliability);
        Assert.False(full.Cancelled);
        // QUBA still works on the partial report: it drops what is missing
        Assert.True(double.IsFinite(QualityEvaluator.Quba(new[] { report })[0].Score));
    }

    [Fact]
    public void Ood_value_is_the_mean_relative_accuracy_over_the_named_sets()
    {
        // clean .8; sets .6 and .4 -> (.75 + .5) / 2 = .625
        var r = OodRobustness.Compute(0.8, new[] { ("a", 10, 0.6), ("b", 5, 0.4) });
        Assert.Equal(0.625, r.Value, 12);
        Assert.Equal(0.5, r.Sets[1].RelativeAccuracy, 12);
        Assert.Contains("named twice", Assert.Throws<ArgumentException>(() => OodRobustness.Compute(0.8, new[] { ("a", 1, 0.5), ("a", 1, 0.5) })).Message);
        Assert.Contains("clean accuracy in (0,1]", Assert.Throws<ArgumentException>(() => OodRobustness.Compute(0, new[] { ("a", 1, 0.5) })).Message);
    }

    [Fact]
    public void Domain_shifts_are_exact_on_a_hand_made_image()
    {
        using var scope = NewDisposeScope();
        // 1x1x3x3 image with values 0..8 / 8
        var x = arange(9, dtype: ScalarType.Float32).div(8).view(1, 1, 3, 3);
        Assert.Equal(new[] { 1f, .875f, .75f }, DomainShift.Apply("shift:invert", x)[0, 0, 0].data<float>().ToArray());
        Assert.Equal(new[] { .25f, .125f, 0f }, DomainShift.Apply("shift:hflip", x)[0, 0, 0].data<float>().ToArray());
        Assert.Equal(new[] { .75f, .875f, 1f }, DomainShift.Apply("shift:vflip", x)[0, 0, 0].data<float>().ToArray());
        // right and down by 1: first row and column become 0, (1,1) holds the old (0,0)
        Assert.Equal(new[] { 0f, 0f, 0f, 0f, 0f, .125f, 0f, .375f, .5f }, DomainShift.Apply("shift:translate=1", x).flatten().data<float>().ToArray());
        // +90 degrees turns counter-clockwise: the right column becomes the top row
        Assert.Equal(new[] { .25f, .625f, 1f, .125f, .5f, .875f, 0f, .375f, .75f },
            DomainShift.Apply("shift:rotate=90", x).flatten().data<float>().ToArray().Select(v => MathF.Round(v * 8) / 8).ToArray());
        Assert.Equal("shift:rotate=30", DomainShift.Validate("SHIFT:rotate=30.0"));
        Assert.Contains("accepted: shift:invert", Assert.Throws<ArgumentException>(() => DomainShift.Validate("shift:blur")).Message);
        Assert.Contains("non-zero whole number", Assert.Throws<ArgumentException>(() => DomainShift.Validate("shift:translate=1.5")).Message);
    }

    [Fact]
    public void Corruption_files_in_the_cifar10c_layout_are_evaluated_like_generated_ones()
    {
        using var scope = NewDisposeScope();
        var (model, x, y) = Problem();
        // 8 images of 8x8x1 per severity, 5 severities; severity s stores the clean image scaled by 1 - s/5 (severity 5 is all black)
        var dir = Directory.CreateTempSubdirectory("gaplab-c-").FullName;
        var hwc = x.permute(0, 2, 3, 1).contiguous();
        var blocks = Enumerable.Range(1, 5).SelectMany(s => hwc.mul(255 * (1 - s / 5.0)).round().to(ScalarType.Byte).flatten().data<byte>().ToArray()).ToArray();
        File.WriteAllBytes(Path.Combine(dir, "dim.npy"), NpyReaderTests.Npy("|u1", "(40, 8, 8, 1)", blocks));
        File.WriteAllBytes(Path.Combine(dir, "labels.npy"), NpyReaderTests.Npy("<i8", "(8,)", y.data<long>().ToArray().SelectMany(BitConverter.GetBytes).ToArray()));
        var files = CorruptionFileSet.Open(dir);
        Assert.Equal(new[] { "dim" }, files.Corruptions);
        Assert.Equal(new[] { 1, 8, 8 }, files.SampleShape);
        var report = QualityEvaluator.Evaluate("m", model, x, y, Small with { GeneratedCorruptions = false, Severities = new[] { 1, 2, 3, 4, 5 } },
            new QualityInputs { CorruptionFiles = files });
        Assert.Null(report.Corruptions);
        var table = report.CorruptionFiles!;
        var s5 = CorruptionEvaluation.Accuracy(model, zeros_like(x), y, 8);
        Assert.Equal(s5, table.Accuracy("dim", 5), 12);
        Assert.Equal(CorruptionRobustness.MeanRelativeAccuracy(table), report[QualityDimension.CorruptionRobustness].Value);
        Assert.Contains("corruption files", report[QualityDimension.CorruptionRobustness].Method);
        Assert.NotNull(report.CorruptionFileDropThresholds);

        File.WriteAllBytes(Path.Combine(dir, "bad.npy"), NpyReaderTests.Npy("|u1", "(41, 8, 8, 1)", new byte[41 * 64]));
        Assert.Contains("[5*N,H,W,C]", Assert.Throws<InvalidDataException>(() => CorruptionFileSet.Open(dir)).Message);
    }

    sealed class SyncProgress<T>(Action<T> action) : IProgress<T>
    {
        public void Report(T value) => action(value);
    }
}
