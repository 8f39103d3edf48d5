using GapLab.Quality;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GapLab.Core.Tests.Quality;

public class QualityDimensionsTests
{
    public QualityDimensionsTests() => GapLab.Runtime.TorchRuntime.EnsureLoaded();

    // Three classes, two samples each:
    //   class 0: [.7,.2,.1] ok, [.5,.3,.2] ok   -> recall 1,  p_y = .7, .5 -> std (ddof 0) .1
    //   class 1: [.2,.6,.2] ok, [.6,.2,.2] miss -> recall .5, p_y = .6, .2 -> std .2
    //   class 2: [.1,.1,.8] ok, [.3,.3,.4] ok   -> recall 1,  p_y = .8, .4 -> std .2
    // recall std (ddof 1) = sqrt((.1667^2 + .3333^2 + .1667^2) / 2) = .2886751 -> accuracy balance .7113249
    // confidence balance = 1 - (.1 + .2 + .2)/3 = .8333333; class balance = sqrt(.7113249 * .8333333) = .7699160
    [Fact]
    public void Class_balance_matches_the_hand_worked_example()
    {
        var p = new[,] { { .7, .2, .1 }, { .5, .3, .2 }, { .2, .6, .2 }, { .6, .2, .2 }, { .1, .1, .8 }, { .3, .3, .4 } };
        var r = ClassBalance.Compute(p, new[] { 0, 0, 1, 1, 2, 2 });
        Assert.Equal(0.7113248654, r.AccuracyBalance, 9);
        Assert.Equal(0.8333333333, r.ConfidenceBalance, 9);
        Assert.Equal(0.7699160481, r.Value, 9);
        Assert.Equal(3, r.ClassesUsed);
        Assert.Contains("at least 2 classes", Assert.Throws<ArgumentException>(() => ClassBalance.Compute(new[,] { { .6, .4 } }, new[] { 0 })).Message);
    }

    [Fact]
    public void Parameter_count_is_reported_in_millions_rounded_to_a_tenth()
    {
        // Linear(300,500): 150,000 + 500; Linear(500,100): 50,000 + 100 -> 200,600 -> 0.2 M
        var r = ParameterCount.Compute(Sequential(Linear(300, 500), Linear(500, 100)));
        Assert.Equal(200_600, r.Count);
        Assert.Equal(0.2, r.Millions, 12);
    }

    [Fact]
    public void Imagenet_only_dimensions_say_what_they_need_instead_of_a_number()
    {
        var all = ImageNetOnlyDimensions.All();
        Assert.Equal(new[] { QualityDimension.OodRobustness, QualityDimension.ObjectFocus, QualityDimension.ShapeBias }, all.Select(d => d.Dimension));
        Assert.All(all, d => { Assert.Null(d.Value); Assert.False(d.IsAvailable); Assert.StartsWith("not available: needs", d.UnavailableReason); });
        Assert.Contains("Backgrounds Challenge", ImageNetOnlyDimensions.ObjectFocus().UnavailableReason);
        Assert.Throws<ArgumentException>(() => QualityDimensionResult.Measured(QualityDimension.Accuracy, double.NaN, "x"));
    }

    [Fact]
    public void Options_validation_names_the_bad_value()
    {
        new QualityOptions().Validate();
        Assert.Contains("'rain'", Assert.Throws<ArgumentException>(() => new QualityOptions { Corruptions = new[] { "rain" } }.Validate()).Message);
        Assert.Contains("severity 6", Assert.Throws<ArgumentException>(() => new QualityOptions { Severities = new[] { 1, 6 } }.Validate()).Message);
        Assert.Contains("strictly increasing", Assert.Throws<ArgumentException>(() => new QualityOptions { Severities = new[] { 3, 1 } }.Validate()).Message);
        Assert.Contains("drop threshold 1.5", Assert.Throws<ArgumentException>(() => new QualityOptions { DropThreshold = 1.5 }.Validate()).Message);
        Assert.Contains("batch size 0", Assert.Throws<ArgumentException>(() => new QualityOptions { BatchSize = 0 }.Validate()).Message);
        Assert.Contains("bins 0", Assert.Throws<ArgumentException>(() => new QualityOptions { CalibrationBins = 0 }.Validate()).Message);
        Assert.Contains("steps", Assert.Throws<ArgumentException>(() => new QualityOptions { Pgd = new PgdOptions(Steps: 0) }.Validate()).Message);
    }

    [Fact]
    public void Evaluator_measures_six_dimensions_and_quba_uses_only_measured_ones()
    {
        using var scope = NewDisposeScope();
        var images = QualityTestImages.Natural(8, 1, 8, 8);
        var labels = tensor(new long[] { 0, 1, 0, 1, 0, 1, 0, 1 });
        var models = new[] { Sequential(Flatten(), Linear(64, 2)), Sequential(Flatten(), Linear(64, 8), ReLU(), Linear(8, 2)) };
        var options = new QualityOptions
        {
            Corruptions = new[] { "gaussian_noise", "brightness" }, Severities = new[] { 1, 3 },
            Pgd = new PgdOptions(Steps: 2), BatchSize = 5, DropThreshold = 0.05,
        };
        var reports = models.Select((m, i) => QualityEvaluator.Evaluate($"m{i}", m, images, labels, options)).ToArray();
        var r = reports[0];
        Assert.Equal(QualityDimensions.All, r.Dimensions.Select(d => d.Dimension));
        Assert.Equal(3, r.Dimensions.Count(d => !d.IsAvailable));
        Assert.Equal(r.Calibration!.Accuracy, r[QualityDimension.Accuracy].Value);
        Assert.Equal(r.Calibration!.CalibrationError, r[QualityDimension.CalibrationError].Value!.Value, 12);
        Assert.Equal(0.0, r[QualityDimension.Parameters].Value);
        Assert.Equal(130, r.Parameters.Count);
        Assert.Contains("pixel [0,1]", r[QualityDimension.AdversarialRobustness].Method);

        var published = QualityEvaluator.Quba(reports, options);
        Assert.Contains("without OOD Robustness, Object Focus, Shape Bias", published[0].WeightsName);
        Assert.StartsWith("published", published[0].NormalizationSource);
        // Both models round to 0.0 M parameters (and may tie on accuracy), so the population cannot z-score them: a clear error, not NaN.
        var populationOptions = options with { QubaNormalization = QubaNormalizationMode.Population };
        var error = Assert.Throws<ArgumentException>(() => QualityEvaluator.Quba(reports, populationOptions)).Message;
        Assert.Contains("cannot be z-scored", error);
        var noParameters = new QubaWeights("calibration and balance", new double[] { 0, 0, 0, 0, -1, 1, 0, 0, 0 });
        var population = QualityEvaluator.Quba(reports, populationOptions with { QubaWeights = noParameters });
        Assert.StartsWith("population", population[0].NormalizationSource);
        // with two models every population z-score is +-1 (or 0 on ties), so the two scores are negatives of each other
        Assert.Equal(-population[0].Score, population[1].Score, 12);
        Assert.All(published, q => Assert.True(double.IsFinite(q.Score)));
    }

    [Fact]
    public void Quba_weights_on_dimensions_the_evaluation_cannot_measure_are_rejected_before_it_starts()
    {
        var options = new QualityOptions();
        var weights = QubaWeights.FromDictionary(new Dictionary<QualityDimension, double> { [QualityDimension.Accuracy] = 1, [QualityDimension.OodRobustness] = 2 }, "w");
        var e = Assert.Throws<ArgumentException>(() => QualityEvaluator.RequireMeasurableWeights(weights, options, oodSets: false, corruptionFiles: false));
        Assert.StartsWith("QUBA weights 'w' weigh dimension(s) this evaluation cannot measure: OOD Robustness (weight 2): not available: needs shifted test sets", e.Message);
        QualityEvaluator.RequireMeasurableWeights(weights, options, oodSets: true, corruptionFiles: false); // with OOD sets it can
        // left out by --dimensions
        e = Assert.Throws<ArgumentException>(() => QualityEvaluator.RequireMeasurableWeights(weights, options, true, false, new HashSet<QualityDimension> { QualityDimension.Accuracy }));
        Assert.Contains("OOD Robustness (weight 2): left out by --dimensions", e.Message);
        // no generated corruptions and no files: corruption robustness cannot be measured; the ImageNet-only ones never can
        Assert.Equal(new[] { QualityDimension.CorruptionRobustness, QualityDimension.OodRobustness, QualityDimension.ObjectFocus, QualityDimension.ShapeBias },
            QualityEvaluator.Unmeasurable(options with { GeneratedCorruptions = false }, false, false).Keys.Order());
        // Evaluate checks before the first batch: a model that would throw on its first forward pass is never called
        using var model = Sequential(("flatten", Flatten()), ("fc", Linear(4, 2)));
        e = Assert.Throws<ArgumentException>(() => QualityEvaluator.Evaluate("m", model, rand(2, 1, 2, 2), tensor(new long[] { 0, 1 }), options with { QubaWeights = weights }));
        Assert.Contains("OOD Robustness (weight 2)", e.Message);
    }
}
