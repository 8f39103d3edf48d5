namespace GapLab.Training;

/// <summary>
/// First optimizer step at which the training cross-entropy falls to 0.1 and to 0.01 (Jiang et al. 2020, "Fantastic
/// generalization measures", optimization-based measures; GapLab spec metrics.md 2.6). The training cross-entropy at a
/// step is the mean of the last <see cref="Window"/> batch cross-entropies (fewer during the first steps), without
/// label smoothing, so that a single lucky batch does not count.
/// </summary>
internal sealed class CrossEntropyMilestones
{
    public const int Window = 20;
    public const string Method = "mean of the last 20 training-batch cross-entropies (train mode, no label smoothing, fewer during the first 19 steps), checked after every step";

    readonly double[] _ring = new double[Window];
    int _count;
    int _next;
    double _sum;

    public long? StepsToCe01 { get; private set; }
    public long? StepsToCe001 { get; private set; }

    /// <summary>Adds the cross-entropy of the batch of (1-based) step <paramref name="step"/>.</summary>
    public void Add(long step, double crossEntropy)
    {
        if (_count == Window) _sum -= _ring[_next]; else _count++;
        _ring[_next] = crossEntropy;
        _sum += crossEntropy;
        _next = (_next + 1) % Window;
        // Re-sum occasionally so that rounding of the sliding sum cannot drift.
        if (_next == 0) _sum = _ring.Take(_count).Sum();
        double mean = _sum / _count;
        if (StepsToCe01 is null && mean <= 0.1) StepsToCe01 = step;
        if (StepsToCe001 is null && mean <= 0.01) StepsToCe001 = step;
    }
}
