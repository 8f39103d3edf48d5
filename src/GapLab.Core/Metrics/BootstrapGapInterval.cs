namespace GapLab.Metrics;

/// <summary>Point estimate and percentile-bootstrap interval of the accuracy gap, with the resample count and seed used.</summary>
public sealed record BootstrapGapResult(double Gap, double Low, double High, int B, int Seed, double Confidence);

/// <summary>
/// Percentile-bootstrap CI of the accuracy gap train_acc - test_acc: resample the n test correctness indicators with
/// replacement B times (train accuracy held fixed), gap_b = train_acc - mean(resample); the interval is the
/// (α/2, 1-α/2) quantiles (linear interpolation, numpy default) of gap_b. Source: Efron &amp; Tibshirani (1993), ch. 13.
/// </summary>
public static class BootstrapGapInterval
{
    /// <summary>Bootstrap over per-example test correctness; deterministic for a given <paramref name="seed"/>.</summary>
    public static BootstrapGapResult Compute(double trainAccuracy, IReadOnlyList<bool> testCorrect, int resamples = 1000, int seed = 0, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(testCorrect);
        if (!(trainAccuracy >= 0 && trainAccuracy <= 1))
            throw new ArgumentException($"trainAccuracy = {trainAccuracy} is invalid: accepted [0, 1].", nameof(trainAccuracy));
        if (testCorrect.Count == 0)
            throw new ArgumentException("testCorrect is empty: accepted at least one test example.", nameof(testCorrect));
        if (resamples < 2)
            throw new ArgumentException($"resamples = {resamples} is invalid: accepted an integer >= 2 (1000 or more recommended).", nameof(resamples));
        if (!(confidence > 0 && confidence < 1))
            throw new ArgumentException($"confidence = {confidence} is invalid: accepted (0, 1), e.g. 0.95.", nameof(confidence));

        int n = testCorrect.Count;
        int correct = testCorrect.Count(c => c);
        double gap = trainAccuracy - (double)correct / n;

        var rng = new Random(seed);
        var gaps = new double[resamples];
        for (int b = 0; b < resamples; b++)
        {
            int hits = 0;
            for (int i = 0; i < n; i++)
                if (testCorrect[rng.Next(n)]) hits++;
            gaps[b] = trainAccuracy - (double)hits / n;
        }
        Array.Sort(gaps);
        double alpha = 1 - confidence;
        double low = Correlation.SampleStatistics.PercentileOfSorted(gaps, 100 * (alpha / 2));
        double high = Correlation.SampleStatistics.PercentileOfSorted(gaps, 100 * (1 - alpha / 2));
        return new BootstrapGapResult(gap, low, high, resamples, seed, confidence);
    }

    /// <summary>Bootstrap from predicted and true test labels (correct = equal).</summary>
    public static BootstrapGapResult Compute(double trainAccuracy, IReadOnlyList<long> predictions, IReadOnlyList<long> labels, int resamples = 1000, int seed = 0, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(labels);
        if (predictions.Count != labels.Count)
            throw new ArgumentException($"{predictions.Count} predictions but {labels.Count} labels: accepted equal lengths.", nameof(labels));
        var correct = new bool[predictions.Count];
        for (int i = 0; i < correct.Length; i++) correct[i] = predictions[i] == labels[i];
        return Compute(trainAccuracy, correct, resamples, seed, confidence);
    }
}
