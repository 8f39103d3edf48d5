using System.Globalization;
using GapLab.Data;
using GapLab.Training;
using GapLab.Weights;
using static TorchSharp.torch;

namespace GapLab.Metrics.Complexity;

/// <summary>
/// Computes the selected complexity measures of one trained model (spec metrics.md 2.1-2.7): batch norms are folded into the
/// convolutions before measuring (for the model and for its initial weights), the margin is the 10th percentile over the whole
/// training set, and the perturbation searches run on a seeded stratified subset. The model's state and mode are restored.
/// </summary>
public static class ComplexityMeasures
{
    /// <summary>
    /// Measures <paramref name="model"/> (on its own device) trained on <paramref name="train"/>, with initial weights
    /// <paramref name="init"/> (parameters keyed like <c>named_parameters()</c>; null: the distance measures are NaN).
    /// Returns the measures selected by <see cref="MeasureOptions.Measures"/> in catalogue order.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown measure name (the message lists the known ones) or an invalid option.</exception>
    /// <exception cref="InvalidDataException"><paramref name="init"/> does not match the model's parameter names and shapes.</exception>
    public static IReadOnlyList<MeasureValue> Compute(nn.Module<Tensor, Tensor> model, IReadOnlyDictionary<string, Tensor>? init, Dataset train,
        MeasureOptions options, IProgress<MeasureProgress>? progress = null, CancellationToken ct = default)
    {
        GapLab.Runtime.SelfCheck.KernelSelfCheck.EnsureChecked(); // verified kernels before the first evaluation
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        GapLab.Weights.ModelWeights.RequireFinite(model, "the model");
        var selected = MeasureCatalog.Select(options.Measures);
        if (train.Count < 1) throw new ArgumentException($"Training set '{train.Name}' is empty; the measures need its examples.", nameof(train));
        if (init is not null) InitialWeights.RequireMatch(model, init);
        bool Wants(params string[] names) => selected.Any(s => names.Contains(s.Name));

        int m = train.Count;
        var device = model.parameters().FirstOrDefault()?.device ?? CPU;
        var raw = new Dictionary<string, (double Value, string Notes)>(StringComparer.Ordinal);
        var atBound = new HashSet<string>(StringComparer.Ordinal);
        void Searched(SearchResult r, params string[] names) { if (r.AtBound) atBound.UnionWith(names); }
        int done = 0, total = PlannedStages(selected, options);
        void Stage(MeasureStage name) => progress?.Report(new MeasureProgress(name, done++, total));
        bool wasTraining = model.training;
        using var snapshot = StateSnapshot.Capture(model);
        using var outer = NewDisposeScope();
        var (x, y) = train.ToTensors(device);
        long[] one = [1, .. train.SampleShape.Select(s => (long)s)];
        try
        {
            model.eval();
            ct.ThrowIfCancellationRequested();
            // --- measures on the model as trained (unfolded)
            if (Wants("GRAD_NOISE_FINAL"))
            {
                Stage(MeasureStage.GradientNoise);
                if (options.Training?.GradientNoiseFinal is double logged)
                    raw["GRAD_NOISE_FINAL"] = (logged, "as logged by the trainer at the end of training");
                else
                {
                    var noise = GradientNoise.Measure(model, x, y, options.GradientNoiseBatchSize, options.GradientNoiseBatches, options.Seed);
                    raw["GRAD_NOISE_FINAL"] = (noise.Value ?? double.NaN, "measured now at the final weights: " + noise.Note);
                }
            }
            if (Wants("STEPS_TO_CE_01", "STEPS_CE_01_TO_001"))
            {
                var t = options.Training;
                string missing = t is null ? "needs the training trace (MeasureOptions.Training)" : "milestone not reached during training";
                raw["STEPS_TO_CE_01"] = t?.StepsToCe01 is long a ? (a, "from the training trace") : (double.NaN, missing);
                raw["STEPS_CE_01_TO_001"] = t?.StepsToCe01 is long s1 && t.StepsToCe001 is long s2 ? (s2 - s1, "from the training trace") : (double.NaN, missing);
            }
            if (Wants("PGDL_VC_DIMENSION"))
                raw["PGDL_VC_DIMENSION"] = (model.parameters().Where(p => p.requires_grad).Sum(p => p.numel()), "trainable parameters, biases and batch norms included");
            if (Wants("PGDL_DISTANCE_FROM_INIT"))
                raw["PGDL_DISTANCE_FROM_INIT"] = init is null ? (double.NaN, NoInit) : (PgdlBaselines.DistanceFromInit(model, init), "unfolded parameters, biases and batch norms included");
            if (Wants("PGDL_JACOBIAN_NORM"))
            {
                Stage(MeasureStage.JacobianNorm);
                var (j, nonFinite) = PgdlBaselines.JacobianNormTraced(model, x, options.JacobianBatchSize, options.JacobianBatches, ct);
                raw["PGDL_JACOBIAN_NORM"] = (j, (nonFinite is null ? "" : "NOT FINITE: " + nonFinite + "; ") +
                    Inv($"first {Math.Min((long)options.JacobianBatchSize * options.JacobianBatches, m)} training examples in batches of {options.JacobianBatchSize}"));
            }

            Dataset? subset = null;
            Dataset Subset() => subset ??= options.PerturbationExamples == 0 || options.PerturbationExamples >= m ? train
                : Subsample.Stratified(train, options.PerturbationExamples, unchecked((int)options.Seed));
            if (Wants("PGDL_SHARPNESS"))
            {
                Stage(MeasureStage.PgdlSharpness);
                var (px, py) = Subset().ToTensors(device);
                using var unfolded = new PerturbedModel(model, px, py, options.BatchSize);
                var r = PgdlSharpness.Run(unfolded, options, options.Seed + 5, ct);
                Searched(r, "PGDL_SHARPNESS");
                raw["PGDL_SHARPNESS"] = (r.Scale, r.Describe("m") + Inv($"; {options.SharpnessRestarts} restarts x {options.PgdlSharpnessSteps} SGD steps (lr 1e-3, batch 64), at most {options.PgdlSharpnessIterations} candidates, {Subset().Count} examples, unfolded model"));
            }

            // --- margin (eval-mode outputs equal those of the folded network)
            double? gamma = null;
            string marginNote = "";
            if (NeedsMargin(selected))
            {
                Stage(MeasureStage.Margin);
                gamma = MarginOf(model, x, y, options.BatchSize);
                marginNote = Inv($"gamma={gamma:G6} (10th-percentile margin over m={m})");
            }

            // --- folded weights and per-layer norms
            bool fft = selected.Any(s => s.Name.EndsWith("_FFT", StringComparison.Ordinal));
            Stage(MeasureStage.WeightNorms);
            using var folded = BatchNormFolding.Fold(model, one);
            using var foldedInit = init is null ? null : BatchNormFolding.Fold(model, init, one);
            long[]? fftSize = options.FftInputSize == "dataset" && train.SampleShape.Length >= 3 ? [train.SampleShape[^2], train.SampleShape[^1]] : null;
            var layers = LayerNormsOf(folded, foldedInit, fft, fftSize, ct);
            string fold = FoldNote(folded);
            foreach (var (name, value) in NormMeasures.Compute(layers, gamma, folded.WeightCount))
            {
                var info = MeasureCatalog.Get(name);
                string note = info.NeedsInit && init is null ? NoInit
                    : string.Join("; ", new[] { double.IsFinite(value) ? "" : NotFinite(layers, gamma, name), info.Cost == MeasureCatalog.WF || name == "INVERSE_MARGIN" ? marginNote : "", fold,
                        name.EndsWith("_FFT", StringComparison.Ordinal) ? (fftSize is null ? "exact norm of the circular stride-1 convolution on each conv's input size (upper bound for strided convs)"
                            : Inv($"norm of the circular stride-1 convolution at the dataset's input size {fftSize[0]}x{fftSize[1]} for every conv (FftInputSize = dataset, Dziugaite et al.'s convention)")) : "" }
                        .Where(s => s.Length > 0));
                raw[name] = (value, note);
            }

            // --- forward passes of the folded network
            bool pacIso = Wants("PACBAYES_INIT", "PACBAYES_ORIG", "PACBAYES_FLATNESS");
            bool pacMag = Wants("PACBAYES_MAG_INIT", "PACBAYES_MAG_ORIG", "PACBAYES_MAG_FLATNESS");
            bool sharpIso = Wants("SHARPNESS_FLATNESS", "SHARPNESS_INIT", "SHARPNESS_ORIG");
            bool sharpMag = Wants("SHARPNESS_MAG_FLATNESS");
            if (Wants("PATH_NORM", "PATH_NORM_OVER_MARGIN") || pacIso || pacMag || sharpIso || sharpMag)
                BatchNormFolding.FoldInPlace(model, one);
            if (Wants("PATH_NORM", "PATH_NORM_OVER_MARGIN"))
            {
                Stage(MeasureStage.PathNorm);
                double path = PathNorm.Compute(model, one, options.PathNormSqrt);
                string note = options.PathNormSqrt ? "sqrt of the sum (PathNormSqrt)" : "sum without sqrt (reference)";
                raw["PATH_NORM"] = (path, note);
                raw["PATH_NORM_OVER_MARGIN"] = (gamma is { } g ? path / (g * g) : double.NaN, note + "; " + marginNote);
            }
            if (pacIso || pacMag || sharpIso || sharpMag)
            {
                var (sx, sy) = Subset().ToTensors(device);
                using var target = new PerturbedModel(model, sx, sy, options.BatchSize);
                string budget = Inv($"{Subset().Count} examples (base accuracy {target.BaseAccuracy:F4}), seed {options.Seed}");
                double wNormSq = layers.Sum(l => l.Fro);
                double dNormSq = init is null ? double.NaN : layers.Sum(l => l.DistFro!.Value);
                if (pacIso)
                {
                    Stage(MeasureStage.PacBayesSigma);
                    var r = PacBayesSearch.Run(target, false, options, options.Seed + 1, ct);
                    string note = r.Describe("sigma'") + Inv($"; {options.MonteCarloDraws} draws, depth {options.SearchDepth}, {budget}");
                    Searched(r, "PACBAYES_INIT", "PACBAYES_ORIG", "PACBAYES_FLATNESS");
                    raw["PACBAYES_INIT"] = init is null ? (double.NaN, NoInit) : (PacBayesBounds.Isotropic(dNormSq, r.Scale, m), note);
                    raw["PACBAYES_ORIG"] = (PacBayesBounds.Isotropic(wNormSq, r.Scale, m), note);
                    raw["PACBAYES_FLATNESS"] = (1 / (r.Scale * r.Scale), note);
                }
                if (pacMag)
                {
                    Stage(MeasureStage.PacBayesMagnitudeAwareSigma);
                    var r = PacBayesSearch.Run(target, true, options, options.Seed + 2, ct);
                    bool difference = options.PacBayesMagDenominator == "difference";
                    string note = r.Describe("sigma_m") + Inv($"; {options.MonteCarloDraws} draws, depth {options.SearchDepth}, eps {options.MagnitudeEpsilon:G3}, {budget}; ") +
                                  (options.ReferenceQuirks ? "reference quirk: variance used as std" : "std = sqrt(sigma^2 w^2 + eps^2)") + "; " +
                                  (difference ? "denominators eps^2 + sigma_m^2 (w_j - w0_j)^2 in MAG_INIT and MAG_ORIG (the reference code's)"
                                              : "denominators eps^2 + sigma_m^2 w_j^2 in MAG_INIT and MAG_ORIG (the posterior variance of the search's noise)");
                    Searched(r, "PACBAYES_MAG_INIT", "PACBAYES_MAG_ORIG", "PACBAYES_MAG_FLATNESS");
                    var w = Flatten(folded);
                    var w0 = foldedInit is null ? null : Flatten(foldedInit);
                    var diff = w0 is null ? null : w.Select((v, i) => v - w0[i]).ToArray();
                    var denominator = difference ? diff : w;
                    raw["PACBAYES_MAG_INIT"] = diff is null ? (double.NaN, NoInit) : (PacBayesBounds.MagnitudeAware(diff, denominator!, r.Scale, options.MagnitudeEpsilon, m), note);
                    raw["PACBAYES_MAG_ORIG"] = denominator is null ? (double.NaN, NoInit) : (PacBayesBounds.MagnitudeAware(w, denominator, r.Scale, options.MagnitudeEpsilon, m), note);
                    raw["PACBAYES_MAG_FLATNESS"] = (1 / (r.Scale * r.Scale), note);
                }
                string ascent = Inv($"{options.SharpnessRestarts} restarts x {options.SharpnessSteps} sign-gradient ascent steps, ") + (options.SharpnessSearch == "log"
                    ? Inv($"log-scale search in [{options.SharpnessMin:G3}, {options.SharpnessMax:G3}] from 1 (bracket x4, then {options.SharpnessDepth} geometric bisections), ")
                    : Inv($"bisection on [0, {options.SearchMax:G3}] of depth {options.SharpnessDepth}, ")) + budget;
                if (sharpIso)
                {
                    Stage(MeasureStage.WorstCaseSharpness);
                    var r = WorstCaseSharpness.Run(target, false, options, options.Seed + 3, ct);
                    string note = r.Describe("alpha'") + "; " + ascent;
                    Searched(r, "SHARPNESS_FLATNESS", "SHARPNESS_INIT", "SHARPNESS_ORIG");
                    double lnOmega2 = Math.Log(2.0 * folded.WeightCount);
                    double Bound(double normSq) => normSq * lnOmega2 / (4 * r.Scale * r.Scale) + Math.Log(m / r.Scale) + 10;
                    raw["SHARPNESS_FLATNESS"] = (1 / (r.Scale * r.Scale), note);
                    raw["SHARPNESS_INIT"] = init is null ? (double.NaN, NoInit) : (Bound(dNormSq), note + "; constants unconfirmed (spec 2.5)");
                    raw["SHARPNESS_ORIG"] = (Bound(wNormSq), note + "; constants unconfirmed (spec 2.5)");
                }
                if (sharpMag)
                {
                    Stage(MeasureStage.MagnitudeAwareWorstCaseSharpness);
                    var r = WorstCaseSharpness.Run(target, true, options, options.Seed + 4, ct);
                    Searched(r, "SHARPNESS_MAG_FLATNESS");
                    raw["SHARPNESS_MAG_FLATNESS"] = (1 / (r.Scale * r.Scale), r.Describe("alpha'") + Inv($"; box alpha |w| + {options.MagnitudeEpsilon:G3}; ") + ascent);
                }
            }
        }
        finally
        {
            snapshot.Restore(model);
            model.train(wasTraining);
        }
        progress?.Report(new MeasureProgress(MeasureStage.Done, total, total));
        return selected.Select(info =>
        {
            var (value, notes) = raw.TryGetValue(info.Name, out var r) ? r : (double.NaN, "not computed");
            double reported = info.SizeAdjusted && !double.IsNaN(value) ? SizeAdjustment.Apply(info.Name, value, m) : value;
            string adjust = info.SizeAdjusted ? (info.Name.StartsWith("LOG_", StringComparison.Ordinal) ? "value = 0.5 (raw - ln m)" : "value = sqrt(raw / m)") + Inv($", m={m}") : "no size adjustment";
            return new MeasureValue(info.Name, reported, value, info.Cost, notes.Length > 0 ? notes + "; " + adjust : adjust, atBound.Contains(info.Name));
        }).ToArray();
    }

    /// <summary>Measures with F or W+F cost other than PATH_NORM and the PGDL Jacobian use the margin gamma.</summary>
    static bool NeedsMargin(IReadOnlyList<MeasureInfo> selected) =>
        selected.Any(s => s.Cost is MeasureCatalog.F or MeasureCatalog.WF && s.Name != "PATH_NORM" && !s.Name.StartsWith("PGDL_", StringComparison.Ordinal));

    static int PlannedStages(IReadOnlyList<MeasureInfo> selected, MeasureOptions options)
    {
        bool Any(params string[] names) => selected.Any(s => names.Contains(s.Name));
                return 1 + new[]
        {
            Any("GRAD_NOISE_FINAL"), Any("PGDL_JACOBIAN_NORM"), Any("PGDL_SHARPNESS"), NeedsMargin(selected), Any("PATH_NORM", "PATH_NORM_OVER_MARGIN"),
            Any("PACBAYES_INIT", "PACBAYES_ORIG", "PACBAYES_FLATNESS"), Any("PACBAYES_MAG_INIT", "PACBAYES_MAG_ORIG", "PACBAYES_MAG_FLATNESS"),
            Any("SHARPNESS_FLATNESS", "SHARPNESS_INIT", "SHARPNESS_ORIG"), Any("SHARPNESS_MAG_FLATNESS"),
        }.Count(b => b);
    }

    const string NoInit = "needs the initial weights (init)";

    /// <summary>Why a norm measure is not finite: the layers whose norms are not finite or 0 (ln 0, division by 0), or a margin &lt;= 0.</summary>
    static string NotFinite(List<LayerNorms> layers, double? gamma, string measure)
    {
        var causes = new List<string>();
        foreach (var l in layers)
        {
            bool fft = measure.EndsWith("_FFT", StringComparison.Ordinal);
            var bad = new (string Norm, double? Value)[] { ("Frobenius^2", l.Fro), ("spectral^2", l.Spec), ("distance Frobenius^2", l.DistFro), ("distance spectral^2", l.DistSpec),
                    ("exact spectral^2", fft ? l.SpecFft : null), ("exact distance spectral^2", fft ? l.DistSpecFft : null) }
                .Where(n => n.Value is double v && (!double.IsFinite(v) || v == 0))
                .Select(n => Inv($"{n.Norm} {n.Value:G4}")).ToList();
            if (bad.Count > 0) causes.Add($"layer '{l.Name}' has {string.Join(", ", bad)}");
        }
        if (gamma is double g && !(g > 0)) causes.Add(Inv($"the 10th-percentile margin gamma = {g:G4} is not positive (more than 10% of the training set is misclassified or tied)"));
        return $"NOT FINITE ({measure}): " + (causes.Count > 0 ? string.Join("; ", causes) : "no layer norm or margin is to blame; an intermediate sum overflowed");
    }

    static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>gamma of <paramref name="model"/> (eval mode) on all of x, y.</summary>
    static double MarginOf(nn.Module<Tensor, Tensor> model, Tensor x, Tensor y, int batchSize)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        long n = x.shape[0];
        var parts = new List<Tensor>();
        for (long start = 0; start < n; start += batchSize)
        {
            using var batch = NewDisposeScope();
            long len = Math.Min(batchSize, n - start);
            parts.Add(Margin.PerExample(model.forward(x.narrow(0, start, len)), y.narrow(0, start, len)).MoveToOuterDisposeScope());
        }
        return Margin.TenthPercentile(cat(parts.ToArray()));
    }

    static List<LayerNorms> LayerNormsOf(FoldedNetwork folded, FoldedNetwork? init, bool fft, long[]? fftSize, CancellationToken ct)
    {
        var result = new List<LayerNorms>();
        for (int i = 0; i < folded.Layers.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var l = folded.Layers[i];
            double ExactSq(Tensor w)
            {
                if (!fft) return double.NaN;
                if (l.Kind != FoldedLayer.Conv2d) return Math.Pow(SpectralNorm.OfMatrix(w), 2);
                return Math.Pow(SpectralNorm.OfConvolution(w, fftSize?[0] ?? l.InputShape[^2], fftSize?[1] ?? l.InputShape[^1]), 2);
            }
            double fro = l.Weight.square().sum().item<double>();
            double spec = Math.Pow(SpectralNorm.OfMatrix(l.Weight), 2);
            double? dFro = null, dSpec = null, dSpecFft = null;
            if (init is not null)
            {
                var d = l.Weight - init.Layers[i].Weight;
                dFro = d.square().sum().item<double>();
                dSpec = Math.Pow(SpectralNorm.OfMatrix(d), 2);
                dSpecFft = ExactSq(d);
            }
            result.Add(new LayerNorms(l.Name, fro, spec, ExactSq(l.Weight), dFro, dSpec, dSpecFft));
        }
        return result;
    }

    static double[] Flatten(FoldedNetwork network)
    {
        using var scope = NewDisposeScope();
        return cat(network.Layers.Select(l => l.Weight.reshape(-1)).ToArray()).data<double>().ToArray();
    }

    static string FoldNote(FoldedNetwork folded)
    {
        int norms = folded.Layers.Count(l => l.FoldedBatchNorm is not null);
        return Inv($"d={folded.Layers.Count} weight layers, omega={folded.WeightCount}") + (norms > 0 ? Inv($", {norms} batch norm(s) folded") : "");
    }
}
