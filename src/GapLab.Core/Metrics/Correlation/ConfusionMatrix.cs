namespace GapLab.Metrics.Correlation;

/// <summary>
/// Confusion matrix C[t, p] = number of test examples of true class t predicted as class p (rows = truth, columns = prediction),
/// as Huang et al. (2025) build it per testbed cell (spec metrics.md 1.5).
/// </summary>
public sealed class ConfusionMatrix
{
    readonly long[,] _counts;

    /// <summary>Wraps a copy of <paramref name="counts"/> (square, non-negative, at least one example).</summary>
    public ConfusionMatrix(long[,] counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        int k = counts.GetLength(0);
        if (k != counts.GetLength(1) || k < 2)
            throw new ArgumentException($"counts is {counts.GetLength(0)}x{counts.GetLength(1)}: accepted a square K x K matrix with K >= 2 classes.", nameof(counts));
        long total = 0;
        for (int t = 0; t < k; t++)
            for (int p = 0; p < k; p++)
            {
                if (counts[t, p] < 0)
                    throw new ArgumentException($"counts[{t},{p}] = {counts[t, p]}: accepted non-negative counts.", nameof(counts));
                total += counts[t, p];
            }
        if (total == 0) throw new ArgumentException("counts sums to 0: accepted a matrix with at least one example.", nameof(counts));
        _counts = (long[,])counts.Clone();
        ClassCount = k;
        Total = total;
    }

    /// <summary>Counts predictions against labels; both must lie in [0, classCount).</summary>
    public static ConfusionMatrix FromPredictions(IReadOnlyList<long> predictions, IReadOnlyList<long> labels, int classCount)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(labels);
        if (predictions.Count != labels.Count)
            throw new ArgumentException($"{predictions.Count} predictions but {labels.Count} labels: accepted equal lengths.", nameof(labels));
        if (classCount < 2) throw new ArgumentException($"classCount = {classCount}: accepted an integer >= 2.", nameof(classCount));
        var counts = new long[classCount, classCount];
        for (int i = 0; i < labels.Count; i++)
        {
            long t = labels[i], p = predictions[i];
            if (p < 0 || p >= classCount)
                throw new ArgumentException($"predictions[{i}] = {p}: accepted class indices in [0, {classCount}).", nameof(predictions));
            if (t < 0 || t >= classCount)
                throw new ArgumentException($"labels[{i}] = {t}: accepted class indices in [0, {classCount}).", nameof(labels));
            counts[t, p]++;
        }
        return new ConfusionMatrix(counts);
    }

    public int ClassCount { get; }
    /// <summary>N, the number of examples.</summary>
    public long Total { get; }
    /// <summary>Examples of true class <paramref name="trueClass"/> predicted as <paramref name="predictedClass"/>.</summary>
    public long this[int trueClass, int predictedClass] => _counts[trueClass, predictedClass];

    /// <summary>Examples whose true class is <paramref name="c"/> (support).</summary>
    public long RowSum(int c)
    {
        long s = 0;
        for (int p = 0; p < ClassCount; p++) s += _counts[c, p];
        return s;
    }

    /// <summary>Examples predicted as <paramref name="c"/>.</summary>
    public long ColumnSum(int c)
    {
        long s = 0;
        for (int t = 0; t < ClassCount; t++) s += _counts[t, c];
        return s;
    }

    /// <summary>err_c = 1 - C[c,c] / row_c (1 - recall) per class; every class needs test examples.</summary>
    public double[] PerClassError()
    {
        RequireSupport();
        return Enumerable.Range(0, ClassCount).Select(c => 1 - (double)_counts[c, c] / RowSum(c)).ToArray();
    }

    /// <summary>d_c = 1 - kappa_c, kappa_c the one-vs-rest Cohen's kappa of class c (Huang et al.'s stored "Kappa"); every class needs test examples.</summary>
    public double[] PerClassKappaDistance()
    {
        RequireSupport();
        return Enumerable.Range(0, ClassCount).Select(c =>
        {
            long tp = _counts[c, c], fn = RowSum(c) - tp, fp = ColumnSum(c) - tp;
            return 1 - CohenKappa.OneVsRest(tp, fn, fp, Total - tp - fn - fp);
        }).ToArray();
    }

    void RequireSupport()
    {
        for (int c = 0; c < ClassCount; c++)
            if (RowSum(c) == 0)
                throw new InvalidDataException(
                    $"class {c} has no test examples (row {c} of the confusion matrix sums to 0), so its error rate is 0/0: evaluate on a test set that contains every class, or build the matrix over the classes present.");
    }

    /// <summary>A copy of the counts.</summary>
    public long[,] ToArray() => (long[,])_counts.Clone();
}
