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
    /// <summary>
    /// Runs every measurement on <paramref name="images"/> [N,C,H,W] in [0,1] with int64 <paramref name="labels"/>; the model runs in eval mode.
    /// <paramref name="inputs"/> adds shifted (OOD) test sets and corruption files. <paramref name="progress"/> gets a <see cref="QualityProgress"/>
    /// after every batch; <paramref name="ct"/> is checked before every batch, and a cancelled evaluation returns what it finished
    /// (<see cref="QualityReport.Cancelled"/>; unfinished dimensions are "not available: cancelled ...") instead of throwing.
    /// </summary>
    public static QualityReport Evaluate(string modelName, Module<Tensor, Tensor> model, Tensor images, Tensor labels, QualityOptions? options = null,
        QualityInputs? inputs = null, IProgress<QualityProgress>? progress = null, CancellationToken ct = default)
    {
        GapLab.Runtime.SelfCheck.KernelSelfCheck.EnsureChecked(); // verified kernels before the first evaluation
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        ArgumentNullException.ThrowIfNull(model);
        options ??= new QualityOptions();
        options.Validate();
        inputs ??= QualityInputs.None;
        AttackGradient.Validate(model, images, labels, options.Pgd.Epsilon);
        ValidateInputs(images, inputs);
        if (options.QubaWeights is { } qubaWeights) RequireMeasurableWeights(qubaWeights, options, inputs.OodSets.Count > 0, inputs.CorruptionFiles is not null);

        int bs = options.BatchSize;
        int batches = (int)((images.shape[0] + bs - 1) / bs);
        int generatedCells = options.GeneratedCorruptions ? options.Corruptions.Count * options.Severities.Count : 0;
        var files = inputs.CorruptionFiles;
        int fileBatches = files is null ? 0 : (files.SampleCount + bs - 1) / bs;
        long total = batches + 1 + batches + (long)generatedCells * batches
            + (files is null ? 0 : (long)files.Corruptions.Count * options.Severities.Count * fileBatches)
            + inputs.OodSets.Sum(s => (s.Images.shape[0] + bs - 1) / bs);
        var tracker = new ProgressTracker(total, progress);
        var parameters = ParameterCount.Compute(model);

        double[,]? logits = null;
        int[] y = ClassificationInputs.ToLabels(labels);
        CalibrationMetrics? calibration = null;
        ReliabilityDiagramData? reliability = null;
        TemperatureScalingResult? temperature = null;
        ClassBalanceResult? balance = null;
        AdversarialRobustnessResult? adversarial = null;
        var generated = new List<CorruptionAccuracy>();
        var fromFiles = new List<CorruptionAccuracy>();
        var ood = new List<(string Name, int SampleCount, double Accuracy)>();
        bool cancelled = false;
        using (var mode = new EvalModeScope(model))
        {
            try
            {
                tracker.Begin(QualityStage.Logits, null, batches);
                logits = Logits(model, images, bs, tracker.Step, ct);
                if (logits.GetLength(1) < 2) throw new ArgumentException($"model '{modelName}' produces {logits.GetLength(1)} logit(s) per image; a classifier needs >= 2.");
                RequireFinite(modelName, logits);
                ct.ThrowIfCancellationRequested();
                tracker.Begin(QualityStage.Calibration, null, 1);
                var probabilities = ClassificationInputs.Softmax(logits);
                calibration = CalibrationMetrics.Compute(probabilities, y, options.CalibrationBins, options.AceReference);
                reliability = ReliabilityDiagram.Compute(probabilities, y, options.CalibrationBins);
                temperature = TemperatureScaling.Fit(logits, y, options.CalibrationBins);
                balance = ClassBalance.Compute(probabilities, y);
                tracker.Step();

                tracker.Begin(QualityStage.Adversarial, null, batches);
                adversarial = AdversarialRobustness.Evaluate(model, images, labels, options.Pgd, bs, tracker.Step, ct);

                if (options.GeneratedCorruptions)
                    for (int k = 0; k < options.Corruptions.Count; k++)
                        foreach (var severity in options.Severities)
                        {
                            var name = options.Corruptions[k];
                            tracker.Begin(QualityStage.Corruption, $"{name} s{severity}", batches);
                            generated.Add(new CorruptionAccuracy(name, severity, CorruptionEvaluation.CellAccuracy(model, images, labels, name, severity,
                                options.CorruptionSeed + CorruptionEvaluation.CorruptionStride * k, bs, tracker.Step, ct, options.CorruptionSet)));
                        }
                if (files is not null)
                {
                    using var fileLabels = files.Labels(images.device);
                    foreach (var name in files.Corruptions)
                        foreach (var severity in options.Severities)
                        {
                            tracker.Begin(QualityStage.CorruptionFile, $"{name} s{severity}", fileBatches);
                            ct.ThrowIfCancellationRequested();
                            using var x = files.Load(name, severity, images.device);
                            fromFiles.Add(new CorruptionAccuracy(name, severity, CorruptionEvaluation.Accuracy(model, x, fileLabels, bs, null, tracker.Step, ct)));
                        }
                }
                foreach (var set in inputs.OodSets)
                {
                    tracker.Begin(QualityStage.OutOfDistribution, set.Name, (int)((set.Images.shape[0] + bs - 1) / bs));
                    ood.Add((set.Name, (int)set.Images.shape[0], CorruptionEvaluation.Accuracy(model, set.Images, set.Labels, bs, null, tracker.Step, ct)));
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                cancelled = true;
            }
        }

        string why = $"cancelled during stage '{tracker.Stage}' ({tracker.Done} of {total} batches done)";
        QualityDimensionResult Cancelled(QualityDimension d) => QualityDimensionResult.NotAvailable(d, why);
        var unmeasurable = "needs a model with clean accuracy above 0 (relative accuracy is undefined)";
        double? clean = calibration?.Accuracy;

        var generatedTable = CompleteTable(modelName, clean, generated, options.Severities, y.Length, options.CorruptionSeed);
        var fileTable = files is null ? null : CompleteTable(modelName, clean, fromFiles, options.Severities, files.SampleCount, 0);
        bool generatedDone = options.GeneratedCorruptions && generated.Count == generatedCells;
        bool filesDone = files is not null && fromFiles.Count == files.Corruptions.Count * options.Severities.Count;
        bool corruptionsPlanned = options.GeneratedCorruptions || files is not null;
        bool corruptionsDone = (!options.GeneratedCorruptions || generatedDone) && (files is null || filesDone);
        // files (pre-rendered, like the reference's ImageNet-C) define the dimension when given; generated corruptions otherwise
        var dimensionTable = files is not null ? fileTable : generatedTable;
        string corruptionMethod = files is not null
            ? $"mean relative accuracy over {files.Corruptions.Count} corruption files in {files.Directory} ({files.SampleCount} of {files.BlockSize} images per severity) x severities [{string.Join(",", options.Severities)}], relative to clean accuracy on the {y.Length} test images"
            : $"mean relative accuracy over {options.Corruptions.Count} generated corruptions (set {options.CorruptionSet}) x severities [{string.Join(",", options.Severities)}], seed {options.CorruptionSeed}";

        var pgd = options.Pgd;
        var dimensions = new List<QualityDimensionResult>
        {
            calibration is null ? Cancelled(QualityDimension.Accuracy)
                : QualityDimensionResult.Measured(QualityDimension.Accuracy, calibration.Accuracy, $"top-1 accuracy on {y.Length} images"),
            adversarial is null ? Cancelled(QualityDimension.AdversarialRobustness)
                : adversarial.RelativeRobustAccuracy is double adv
                    ? QualityDimensionResult.Measured(QualityDimension.AdversarialRobustness, adv,
                        $"gmean(PGD/clean, FGSM/clean), L-inf eps={pgd.Epsilon:G4}, PGD {pgd.Steps} steps of {pgd.Step:G4}, random start={pgd.RandomStart}, seed {pgd.Seed}; {AdversarialRobustness.PixelSpace}")
                    : QualityDimensionResult.NotAvailable(QualityDimension.AdversarialRobustness, unmeasurable),
            !corruptionsPlanned ? QualityDimensionResult.NotAvailable(QualityDimension.CorruptionRobustness, "needs corruptions: generated ones (--corruptions) or corruption files (--corruption-files DIR)")
                : !corruptionsDone || dimensionTable is null ? Cancelled(QualityDimension.CorruptionRobustness)
                : dimensionTable.CleanAccuracy > 0
                    ? QualityDimensionResult.Measured(QualityDimension.CorruptionRobustness, CorruptionRobustness.MeanRelativeAccuracy(dimensionTable), corruptionMethod)
                    : QualityDimensionResult.NotAvailable(QualityDimension.CorruptionRobustness, unmeasurable),
            OodDimension(inputs, ood, clean, cancelled, why, out var oodResult),
            calibration is null ? Cancelled(QualityDimension.CalibrationError)
                : QualityDimensionResult.Measured(QualityDimension.CalibrationError, calibration.CalibrationError,
                    $"gmean(ECE, class-wise ACE), {options.CalibrationBins} bins, uncalibrated softmax" +
                    (options.AceReference ? "; ACE in reference mode (float32 probabilities, p > 0 per class)" : "")),
            balance is null ? Cancelled(QualityDimension.ClassBalance)
                : QualityDimensionResult.Measured(QualityDimension.ClassBalance, balance.Value,
                    $"gmean(1 - std_c acc_c [ddof 1], 1 - mean_c std p_y [ddof 0]) over {balance.ClassesUsed} classes"),
            ImageNetOnlyDimensions.ObjectFocus(),
            ImageNetOnlyDimensions.ShapeBias(),
            QualityDimensionResult.Measured(QualityDimension.Parameters, parameters.Millions, $"{parameters.Count} parameters, millions rounded to 0.1"),
        };
        return new QualityReport(modelName, y.Length, dimensions, calibration, temperature, reliability, adversarial, generatedTable,
            DropThresholds(generatedTable, options), balance, parameters, options)
        {
            CorruptionFiles = fileTable,
            CorruptionFileDropThresholds = DropThresholds(fileTable, options),
            Ood = oodResult,
            Cancelled = cancelled,
            CancelledDuring = cancelled ? tracker.Stage : null,
        };
    }

    /// <summary>
    /// The dimensions this evaluation cannot measure, with the reason, known before it starts: object focus and shape bias (ImageNet
    /// only), OOD robustness without OOD sets, corruption robustness with neither generated corruptions nor corruption files.
    /// </summary>
    public static IReadOnlyDictionary<QualityDimension, string> Unmeasurable(QualityOptions options, bool oodSets, bool corruptionFiles)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new Dictionary<QualityDimension, string>
        {
            [QualityDimension.ObjectFocus] = ImageNetOnlyDimensions.ObjectFocus().UnavailableReason!,
            [QualityDimension.ShapeBias] = ImageNetOnlyDimensions.ShapeBias().UnavailableReason!,
        };
        if (!oodSets) result[QualityDimension.OodRobustness] = ImageNetOnlyDimensions.OodRobustness().UnavailableReason!;
        if (!options.GeneratedCorruptions && !corruptionFiles)
            result[QualityDimension.CorruptionRobustness] = "not available: needs corruptions: generated ones (--corruptions) or corruption files (--corruption-files DIR)";
        return result;
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> before any work when <paramref name="weights"/> gives a non-zero weight to a dimension
    /// this evaluation cannot measure (see <see cref="Unmeasurable"/>) or, with <paramref name="kept"/>, to one left out of the report.
    /// </summary>
    public static void RequireMeasurableWeights(QubaWeights weights, QualityOptions options, bool oodSets, bool corruptionFiles, IReadOnlySet<QualityDimension>? kept = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var unmeasurable = Unmeasurable(options, oodSets, corruptionFiles);
        var bad = QualityDimensions.All.Where(d => weights[d] != 0 && (unmeasurable.ContainsKey(d) || kept is not null && !kept.Contains(d))).ToList();
        if (bad.Count == 0) return;
        throw new ArgumentException("QUBA weights '" + weights.Name + "' weigh dimension(s) this evaluation cannot measure: " +
            string.Join("; ", bad.Select(d => string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{d.DisplayName()} (weight {weights[d]:G4}): {(unmeasurable.TryGetValue(d, out var why) ? why : "left out by --dimensions")}"))) +
            ". Give them weight 0 (unnamed dimensions weigh 0) or provide what they need; nothing was evaluated.");
    }

    static QualityDimensionResult OodDimension(QualityInputs inputs, List<(string Name, int SampleCount, double Accuracy)> measured, double? clean,
        bool cancelled, string why, out OodRobustnessResult? result)
    {
        result = null;
        if (inputs.OodSets.Count == 0) return ImageNetOnlyDimensions.OodRobustness();
        if (measured.Count < inputs.OodSets.Count || clean is null)
        {
            if (clean is > 0 && measured.Count > 0) result = OodRobustness.Compute(clean.Value, measured);
            return QualityDimensionResult.NotAvailable(QualityDimension.OodRobustness, cancelled ? why : "not all OOD sets were evaluated");
        }
        if (!(clean > 0)) return QualityDimensionResult.NotAvailable(QualityDimension.OodRobustness, "needs a model with clean accuracy above 0 (relative accuracy is undefined)");
        result = OodRobustness.Compute(clean.Value, measured);
        return QualityDimensionResult.Measured(QualityDimension.OodRobustness, result.Value,
            $"mean relative accuracy (acc/clean) over {measured.Count} shifted set(s): " +
            string.Join(", ", result.Sets.Select(s => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{s.Name} {s.Accuracy:0.0000}"))));
    }

    /// <summary>The corruptions whose every severity finished, as a table (null when none did or clean accuracy is unknown).</summary>
    static CorruptionAccuracyTable? CompleteTable(string model, double? clean, List<CorruptionAccuracy> cells, IReadOnlyList<int> severities, int samples, long seed)
    {
        if (clean is null) return null;
        var complete = cells.GroupBy(c => c.Corruption).Where(g => g.Count() == severities.Count).SelectMany(g => g).ToList();
        return complete.Count == 0 ? null : new CorruptionAccuracyTable(model, clean.Value, complete, samples, seed);
    }

    static CorruptionDropThresholdResult? DropThresholds(CorruptionAccuracyTable? table, QualityOptions options) =>
        table is null ? null : CorruptionDropThreshold.Compute(table, options.DropThreshold);

    static void ValidateInputs(Tensor images, QualityInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs.OodSets);
        var shape = images.shape.Skip(1).ToArray();
        foreach (var set in inputs.OodSets)
        {
            ArgumentNullException.ThrowIfNull(set);
            var s = set.Images.shape;
            if (s.Length != 4 || !s.Skip(1).SequenceEqual(shape))
                throw new ArgumentException($"OOD set '{set.Name}' has images [{string.Join(",", s)}]; they must be [N,{string.Join(",", shape)}] like the test images.");
            if (s[0] == 0 || set.Labels.dim() != 1 || set.Labels.shape[0] != s[0])
                throw new ArgumentException($"OOD set '{set.Name}' needs a non-empty image batch with one label each; got {s[0]} images and labels [{string.Join(",", set.Labels.shape)}].");
        }
        var dup = inputs.OodSets.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new ArgumentException($"OOD set '{dup.Key}' is named twice.");
        if (inputs.CorruptionFiles is { } f && !f.SampleShape.Select(v => (long)v).SequenceEqual(shape))
            throw new ArgumentException($"corruption files in '{f.Directory}' hold images [{string.Join(",", f.SampleShape)}] (C,H,W) but the test images are [{string.Join(",", shape)}].");
    }

    /// <summary>Refuses logits with NaN/Inf (a diverged model): every later dimension would be NaN or fail on a non-probability.</summary>
    static void RequireFinite(string modelName, double[,] logits)
    {
        int rows = logits.GetLength(0), cols = logits.GetLength(1), bad = 0;
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                if (!double.IsFinite(logits[i, j])) { bad++; break; }
        if (bad > 0)
            throw new ArgumentException($"the logits of model '{modelName}' are not finite (NaN/Inf) on {bad} of {rows} test images: its weights " +
                                        "contain NaN/Inf (did its training run diverge?) or its outputs overflow; retrain it or leave it out.");
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

    static double[,] Logits(Module<Tensor, Tensor> model, Tensor images, int batchSize, Action afterBatch, CancellationToken ct)
    {
        using var noGrad = no_grad();
        using var outer = NewDisposeScope();
        var parts = new List<Tensor>();
        for (long start = 0; start < images.shape[0]; start += batchSize)
        {
            ct.ThrowIfCancellationRequested();
            parts.Add(model.call(images.narrow(0, start, Math.Min(batchSize, images.shape[0] - start))).detach().cpu());
            afterBatch();
        }
        return ClassificationInputs.ToMatrix(cat(parts, 0), "logits");
    }

    /// <summary>Counts batches across stages and reports them; <see cref="Done"/> only grows.</summary>
    sealed class ProgressTracker(long total, IProgress<QualityProgress>? progress)
    {
        int _stageDone, _stageTotal;
        QualityStage _phase = QualityStage.Start;
        string? _detail;
        public string Stage => _phase.Text(_detail);
        public long Done { get; private set; }

        public void Begin(QualityStage stage, string? detail, int batches) => (_phase, _detail, _stageDone, _stageTotal) = (stage, detail, 0, batches);

        public void Step()
        {
            _stageDone++;
            Done++;
            progress?.Report(new QualityProgress(_phase, _detail, _stageDone, _stageTotal, Done, total));
        }
    }
}
