using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GapLab.Quality;

/// <summary>Runs a classifier on corrupted copies of a test set and tabulates accuracy per corruption and severity.</summary>
public static class CorruptionEvaluation
{
    /// <summary>
    /// Accuracy for every (corruption, severity); the images of batch b for corruption index k use seed + 7919 k + 104729 b, identical across
    /// severities so that severities differ only in strength. The model runs in eval mode without gradients.
    /// </summary>
    public static CorruptionAccuracyTable Evaluate(string modelName, Module<Tensor, Tensor> model, Tensor images, Tensor labels,
        IReadOnlyList<string>? corruptions = null, IReadOnlyList<int>? severities = null, long seed = 0, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        corruptions ??= CorruptionCatalog.Names;
        severities ??= Enumerable.Range(1, CorruptionCatalog.MaxSeverity).ToArray();
        foreach (var c in corruptions) CorruptionCatalog.Get(c);
        foreach (var s in severities)
            if (s < 1 || s > CorruptionCatalog.MaxSeverity) throw new ArgumentException($"severity {s} is outside 1..{CorruptionCatalog.MaxSeverity}.", nameof(severities));
        if (batchSize < 1) throw new ArgumentException($"batch size must be >= 1; got {batchSize}.", nameof(batchSize));
        long n = images.shape[0];
        if (n == 0 || labels.shape[0] != n) throw new ArgumentException($"need a non-empty image batch with one label each; got {n} images and {labels.shape[0]} labels.");

        using var mode = new EvalModeScope(model);
        long clean = 0;
        for (long start = 0; start < n; start += batchSize)
        {
            using var scope = NewDisposeScope();
            long len = Math.Min(batchSize, n - start);
            clean += AdversarialRobustness.CountCorrect(model, images.narrow(0, start, len), labels.narrow(0, start, len));
        }
        var entries = new List<CorruptionAccuracy>();
        for (int k = 0; k < corruptions.Count; k++)
            foreach (var severity in severities)
            {
                long correct = 0;
                for (long start = 0, b = 0; start < n; start += batchSize, b++)
                {
                    using var scope = NewDisposeScope();
                    long len = Math.Min(batchSize, n - start);
                    var corrupted = CorruptionCatalog.Apply(corruptions[k], images.narrow(0, start, len), severity, seed + 7919L * k + 104729L * b);
                    correct += AdversarialRobustness.CountCorrect(model, corrupted, labels.narrow(0, start, len));
                }
                entries.Add(new CorruptionAccuracy(corruptions[k], severity, (double)correct / n));
            }
        return new CorruptionAccuracyTable(modelName, (double)clean / n, entries, (int)n, seed);
    }
}
