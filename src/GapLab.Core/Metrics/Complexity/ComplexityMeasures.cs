using GapLab.Data;
using GapLab.Training;
using GapLab.Weights;
using static TorchSharp.torch;

namespace GapLab.Metrics.Complexity;

/// <summary>
/// Computes the selected complexity measures of one trained model (spec metrics.md 2.1-2.7) by running the registered
/// <see cref="MeasureFamily"/>s that compute them: batch norms are folded into the convolutions before measuring (for the model and
/// for its initial weights), the margin is the 10th percentile over the whole training set, and the perturbation searches run on a
/// seeded stratified subset. The model's state and mode are restored.
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

        var plan = Plan.For(selected);
        int done = 0;
        void Stage(MeasureStage stage) => progress?.Report(new MeasureProgress(stage, done++, plan.Stages));
        bool wasTraining = model.training;
        using var snapshot = StateSnapshot.Capture(model);
        using var outer = NewDisposeScope();
        using var context = new MeasureContext(model, init, train, options, ct);
        try
        {
            model.eval();
            foreach (var family in plan.Families.Where(f => f.Phase == MeasurePhase.AsTrained)) Run(family);
            if (plan.Margin) { Stage(MeasureStage.Margin); context.ComputeMargin(); }   // eval-mode outputs equal those of the folded network
            if (plan.LayerNorms) { Stage(MeasureStage.WeightNorms); context.ComputeLayerNorms(plan.ExactSpectralNorms); }
            if (plan.FoldedModel) context.FoldModelInPlace();
            foreach (var family in plan.Families.Where(f => f.Phase == MeasurePhase.Folded)) Run(family);
        }
        finally
        {
            context.Dispose(); // the perturbation target puts its own weights back when disposed: before the snapshot's
            snapshot.Restore(model);
            model.train(wasTraining);
        }
        progress?.Report(new MeasureProgress(MeasureStage.Done, plan.Stages, plan.Stages));
        return selected.Select(info =>
        {
            var (value, notes) = context.TryGet(info.Name, out var r) ? r : (double.NaN, "not computed");
            double reported = info.SizeAdjusted && !double.IsNaN(value) ? SizeAdjustment.Apply(info.Name, value, train.Count) : value;
            string adjust = info.SizeAdjusted ? (info.Name.StartsWith("LOG_", StringComparison.Ordinal) ? "value = 0.5 (raw - ln m)" : "value = sqrt(raw / m)") + MeasureContext.Inv($", m={train.Count}") : "no size adjustment";
            return new MeasureValue(info.Name, reported, value, info.Cost, notes.Length > 0 ? notes + "; " + adjust : adjust, context.IsAtBound(info.Name));
        }).ToArray();

        void Run(MeasureFamily family)
        {
            ct.ThrowIfCancellationRequested();
            if (family.Stage is { } stage) Stage(stage);
            family.Compute(context);
        }
    }

    /// <summary>The families that compute the selected measures and the shared work they need, with the number of progress stages.</summary>
    sealed record Plan(IReadOnlyList<MeasureFamily> Families, bool Margin, bool LayerNorms, bool ExactSpectralNorms, bool FoldedModel, int Stages)
    {
        public static Plan For(IReadOnlyList<MeasureInfo> selected)
        {
            var names = selected.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
            var families = MeasureRegistry.Families.Where(f => f.Measures.Any(m => names.Contains(m.Name))).ToArray();
            bool margin = selected.Any(s => s.UsesMargin), layers = families.Any(f => f.NeedsLayerNorms);
            int stages = families.Count(f => f.Stage is not null) + (margin ? 1 : 0) + (layers ? 1 : 0);
            return new Plan(families, margin, layers, families.Any(f => f.NeedsExactSpectralNorms), families.Any(f => f.NeedsFoldedModel), stages);
        }
    }
}
