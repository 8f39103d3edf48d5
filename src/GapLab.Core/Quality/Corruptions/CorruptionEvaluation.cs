using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GapLab.Quality;

/// <summary>Runs a classifier on corrupted copies of a test set and tabulates accuracy per corruption and severity.</summary>
public static class CorruptionEvaluation
{
    /// <summary>Batch seed offsets: corruption index k and batch b draw from seed + CorruptionStride k + BatchStride b.</summary>
    public const long CorruptionStride = 7919, BatchStride = 104729;

    /// <summary>
    /// Accuracy for every (corruption, severity); the images of batch b for corruption index k use seed + 7919 k + 104729 b, identical across
    /// severities so that severities differ only in strength. The model runs in eval mode without gradients.
    /// </summary>
    public static CorruptionAccuracyTable Evaluate(string modelName, Module<Tensor, Tensor> model, Tensor images, Tensor labels,
        IReadOnlyList<string>? corruptions = null, IReadOnlyList<int>? severities = null, long seed = 0, int batchSize = 256,
        string corruptionSet = CorruptionSet.MonotoneName)
    {
        ArgumentNullException.ThrowIfNull(model);
        corruptions ??= CorruptionCatalog.Names;
        severities ??= Enumerable.Range(1, CorruptionCatalog.MaxSeverity).ToArray();
        foreach (var c in corruptions) CorruptionCatalog.Get(c, corruptionSet);
        foreach (var s in severities)
            if (s < 1 || s > CorruptionCatalog.MaxSeverity) throw new ArgumentException($"severity {s} is outside 1..{CorruptionCatalog.MaxSeverity}.", nameof(severities));
        if (batchSize < 1) throw new ArgumentException($"batch size must be >= 1; got {batchSize}.", nameof(batchSize));
        long n = CheckBatch(images, labels);

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
                entries.Add(new CorruptionAccuracy(corruptions[k], severity,
                    CellAccuracy(model, images, labels, corruptions[k], severity, seed + CorruptionStride * k, batchSize, corruptionSet: corruptionSet)));
        return new CorruptionAccuracyTable(modelName, (double)clean / n, entries, (int)n, seed);
    }

    /// <summary>
    /// Accuracy on one (corruption, severity) cell; batch b uses <paramref name="cellSeed"/> + 104729 b. <paramref name="ct"/> is checked before,
    /// <paramref name="afterBatch"/> called after each batch. The caller puts the model in eval mode. <paramref name="corruptionSet"/> names the
    /// implementation (<see cref="CorruptionSet.Names"/>).
    /// </summary>
    public static double CellAccuracy(Module<Tensor, Tensor> model, Tensor images, Tensor labels, string corruption, int severity, long cellSeed,
        int batchSize, Action? afterBatch = null, CancellationToken ct = default, string corruptionSet = CorruptionSet.MonotoneName) =>
        Accuracy(model, images, labels, batchSize, (x, b) => CorruptionCatalog.Apply(corruption, x, severity, cellSeed + BatchStride * b, corruptionSet), afterBatch, ct);

    /// <summary>Top-1 accuracy of <paramref name="model"/> on (transform(x_b, b), y_b) over batches b, without gradients.</summary>
    public static double Accuracy(Module<Tensor, Tensor> model, Tensor images, Tensor labels, int batchSize,
        Func<Tensor, long, Tensor>? transform = null, Action? afterBatch = null, CancellationToken ct = default)
    {
        long n = CheckBatch(images, labels);
        long correct = 0;
        for (long start = 0, b = 0; start < n; start += batchSize, b++)
        {
            ct.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            long len = Math.Min(batchSize, n - start);
            var x = images.narrow(0, start, len);
            correct += AdversarialRobustness.CountCorrect(model, transform is null ? x : transform(x, b), labels.narrow(0, start, len));
            afterBatch?.Invoke();
        }
        return (double)correct / n;
    }

    static long CheckBatch(Tensor images, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        long n = images.shape[0];
        if (n == 0 || labels.shape[0] != n) throw new ArgumentException($"need a non-empty image batch with one label each; got {n} images and {labels.shape[0]} labels.");
        return n;
    }
}
