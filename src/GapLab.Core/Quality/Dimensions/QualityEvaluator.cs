using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GapLab.Quality;

/// <summary>
/// Measures the Hesse et al. 2025 quality dimensions that do not need ImageNet-specific data on a labelled image test set
/// (accuracy, adversarial and corruption robustness, calibration error, class balance, parameters) and computes QUBA over a set of reports.
/// </summary>
public static class QualityEvaluator
{
    /// <summary>Runs every measurement on <paramref name="images"/> [N,C,H,W] in [0,1] with int64 <paramref name="labels"/>; the model runs in eval mode.</summary>
    public static QualityReport Evaluate(string modelName, Module<Tensor, Tensor> model, Tensor images, Tensor labels, QualityOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        ArgumentNullException.ThrowIfNull(model);
        options ??= new QualityOptions();
        options.Validate();
        AttackGradient.Validate(model, images, labels, options.Pgd.Epsilon);

        var logits = Logits(model, images, options.BatchSize);
        var y = ClassificationInputs.ToLabels(labels);
        if (logits.GetLength(1) < 2) throw new ArgumentException($"model '{modelName}' produces {logits.GetLength(1)} logit(s) per image; a classifier needs >= 2.");
        var probabilities = ClassificationInputs.Softmax(logits);
        var calibration = CalibrationMetrics.Compute(probabilities, y, options.CalibrationBins);
        var reliability = ReliabilityDiagram.Compute(probabilities, y, options.CalibrationBins);
        var temperature = TemperatureScaling.Fit(logits, y, options.CalibrationBins);
        var adversarial = AdversarialRobustness.Evaluate(model, images, labels, options.Pgd, options.BatchSize);
        var corruptions = CorruptionEvaluation.Evaluate(modelName, model, images, labels, options.Corruptions, options.Severities, options.CorruptionSeed, options.BatchSize);
        var drops = CorruptionDropThreshold.Compute(corruptions, options.DropThreshold);
        var balance = ClassBalance.Compute(probabilities, y);
        var parameters = ParameterCount.Compute(model);

        var pgd = options.Pgd;
        var dimensions = new List<QualityDimensionResult>
        {
            QualityDimensionResult.Measured(QualityDimension.Accuracy, calibration.Accuracy, $"top-1 accuracy on {y.Length} images"),
            adversarial.RelativeRobustAccuracy is double adv
                ? QualityDimensionResult.Measured(QualityDimension.AdversarialRobustness, adv,
                    $"gmean(PGD/clean, FGSM/clean), L-inf eps={pgd.Epsilon:G4}, PGD {pgd.Steps} steps of {pgd.StepSize:G4}, random start={pgd.RandomStart}, seed {pgd.Seed}; {AdversarialRobustness.PixelSpace}")
                : QualityDimensionResult.NotAvailable(QualityDimension.AdversarialRobustness, "needs a model with clean accuracy above 0 (relative accuracy is undefined)"),
            corruptions.CleanAccuracy > 0
                ? QualityDimensionResult.Measured(QualityDimension.CorruptionRobustness, CorruptionRobustness.MeanRelativeAccuracy(corruptions),
                    $"mean relative accuracy over {options.Corruptions.Count} GapLab corruptions x severities [{string.Join(",", options.Severities)}], seed {options.CorruptionSeed}")
                : QualityDimensionResult.NotAvailable(QualityDimension.CorruptionRobustness, "needs a model with clean accuracy above 0 (relative accuracy is undefined)"),
            ImageNetOnlyDimensions.OodRobustness(),
            QualityDimensionResult.Measured(QualityDimension.CalibrationError, calibration.CalibrationError,
                $"gmean(ECE, class-wise ACE), {options.CalibrationBins} bins, uncalibrated softmax"),
            QualityDimensionResult.Measured(QualityDimension.ClassBalance, balance.Value,
                $"gmean(1 - std_c acc_c [ddof 1], 1 - mean_c std p_y [ddof 0]) over {balance.ClassesUsed} classes"),
            ImageNetOnlyDimensions.ObjectFocus(),
            ImageNetOnlyDimensions.ShapeBias(),
            QualityDimensionResult.Measured(QualityDimension.Parameters, parameters.Millions, $"{parameters.Count} parameters, millions rounded to 0.1"),
        };
        return new QualityReport(modelName, y.Length, dimensions, calibration, temperature, reliability, adversarial, corruptions, drops, balance, parameters, options);
    }

    /// <summary>
    /// QUBA for each report, with options' weights (default: the paper's weights with every dimension missing from any report set to 0) and
    /// normalisation (published constants, or mean/std over these reports).
    /// </summary>
    public static IReadOnlyList<QubaResult> Quba(IReadOnlyList<QualityReport> reports, QualityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reports);
        if (reports.Count == 0) throw new ArgumentException("QUBA needs at least one quality report.", nameof(reports));
        options ??= new QualityOptions();
        options.Validate();
        var values = reports.Select(r => r.MeasuredValues).ToArray();
        var weights = options.QubaWeights ?? RestrictToMeasured(QubaWeights.Default, values);
        // Population statistics only over weighted dimensions: a dropped dimension needs no spread.
        var weighted = values.Select(v => (IReadOnlyDictionary<QualityDimension, double>)v.Where(kv => weights[kv.Key] != 0).ToDictionary()).ToArray();
        var normalization = options.QubaNormalization == QubaNormalizationMode.Published
            ? QubaNormalization.Published
            : QubaNormalization.FromPopulation(weighted, string.Join(", ", reports.Select(r => r.ModelName)));
        return values.Select(v => QubaScore.Compute(v, weights, normalization)).ToArray();
    }

    /// <summary>The given weights with every dimension that some model lacks set to 0.</summary>
    public static QubaWeights RestrictToMeasured(QubaWeights weights, IReadOnlyList<IReadOnlyDictionary<QualityDimension, double>> values)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var w = QualityDimensions.All.Select(d => values.All(v => v.ContainsKey(d)) ? weights[d] : 0).ToArray();
        var dropped = QualityDimensions.All.Where(d => weights[d] != 0 && w[(int)d] == 0).Select(d => d.DisplayName()).ToArray();
        return new QubaWeights(dropped.Length == 0 ? weights.Name : $"{weights.Name} without {string.Join(", ", dropped)}", w);
    }

    static double[,] Logits(Module<Tensor, Tensor> model, Tensor images, int batchSize)
    {
        using var mode = new EvalModeScope(model);
        using var noGrad = no_grad();
        using var outer = NewDisposeScope();
        var parts = new List<Tensor>();
        for (long start = 0; start < images.shape[0]; start += batchSize)
            parts.Add(model.call(images.narrow(0, start, Math.Min(batchSize, images.shape[0] - start))).detach().cpu());
        return ClassificationInputs.ToMatrix(cat(parts, 0), "logits");
    }
}
