using static TorchSharp.torch;

namespace GapLab.Quality;

/// <summary>
/// Class-wise adaptive ECE: ACE = (1/K) sum_j sum_b (n_b/N) |acc_b,j - conf_b,j|, per class j over p_j(x) vs [y == j], B equal-mass bins.
/// Source: Nixon et al. 2019 "Measuring Calibration in Deep Learning"; robustness-metrics GCE(adaptive, class_conditional, L1, threshold 0), spec 5.1(5).
/// </summary>
/// <remarks>
/// Bin edges as in the reference: the sorted class-j probabilities at indices round_half_even(i * N/B) (clipped to N-1) for i = 1..B-1
/// are upper edges, and a value v falls in bin #{edges &lt;= v} (numpy.digitize). Ties can leave bins empty; empty bins add 0.
/// The reference adds machine epsilon to bin counts; that changes results by ~1e-16 and is omitted.
/// <c>reference: true</c> computes it as published constants were: probabilities rounded to float32 (a float32 softmax) and, per
/// class, only the examples with p_j &gt; 0 strictly (robustness-metrics' threshold 0) binned and counted in N (probabilities that
/// underflow to 0 in float32 drop out). The default keeps every example in double precision.
/// </remarks>
public static class AdaptiveCalibrationError
{
    public const int DefaultBins = 15;

    public static double Compute(double[,] probabilities, int[] labels, int bins = DefaultBins, bool reference = false)
    {
        ClassificationInputs.ValidateProbabilities(probabilities, labels);
        if (bins < 1) throw new ArgumentException($"bins must be >= 1; got {bins}.", nameof(bins));
        int rows = labels.Length, k = probabilities.GetLength(1);
        double total = 0;
        var values = new List<double>(rows);
        var hits = new List<bool>(rows);
        for (int j = 0; j < k; j++)
        {
            values.Clear();
            hits.Clear();
            for (int i = 0; i < rows; i++)
            {
                double p = reference ? (float)probabilities[i, j] : probabilities[i, j];
                if (reference && !(p > 0)) continue;
                values.Add(p);
                hits.Add(labels[i] == j);
            }
            int n = values.Count;
            if (n == 0) continue; // every p_j underflowed: the class adds 0
            var edges = UpperEdges(values.ToArray(), bins);
            var confSum = new double[bins];
            var hitSum = new double[bins];
            for (int i = 0; i < n; i++)
            {
                int b = 0;
                while (b < edges.Length && edges[b] <= values[i]) b++;
                confSum[b] += values[i];
                if (hits[i]) hitSum[b] += 1;
            }
            double ce = 0;
            for (int b = 0; b < bins; b++) ce += Math.Abs(hitSum[b] - confSum[b]) / n;
            total += ce;
        }
        return total / k;
    }

    public static double Compute(Tensor probabilities, Tensor labels, int bins = DefaultBins, bool reference = false) =>
        Compute(ClassificationInputs.ToMatrix(probabilities, nameof(probabilities)), ClassificationInputs.ToLabels(labels), bins, reference);

    /// <summary>The B-1 upper bin edges (equal-mass quantiles of <paramref name="values"/>).</summary>
    internal static double[] UpperEdges(double[] values, int bins)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        int n = sorted.Length;
        double step = (double)n / bins;
        var edges = new double[bins - 1];
        for (int i = 1; i < bins; i++)
        {
            int index = (int)Math.Min(Math.Round(i * step, MidpointRounding.ToEven), n - 1);
            edges[i - 1] = sorted[index];
        }
        return edges;
    }
}
