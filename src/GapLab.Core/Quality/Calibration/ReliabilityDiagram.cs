using static TorchSharp.torch;

namespace GapLab.Quality;

/// <summary>One equal-width confidence bin [Lower, Upper) of a reliability diagram. Empty bins have Count 0 and means 0.</summary>
public sealed record ReliabilityBin(int Index, double Lower, double Upper, int Count, double MeanConfidence, double Accuracy)
{
    /// <summary>Accuracy minus mean confidence (negative = over-confident).</summary>
    public double Gap => Accuracy - MeanConfidence;
}

/// <summary>Reliability-diagram data: the bins and the number of samples binned.</summary>
public sealed record ReliabilityDiagramData(IReadOnlyList<ReliabilityBin> Bins, int SampleCount);

/// <summary>
/// Top-label reliability bins: confidence c_i = max_k p_ik, correct_i = [argmax_k p_ik == y_i], B equal-width bins on [0,1].
/// Source: Guo et al. 2017; binning as torchmetrics MulticlassCalibrationError (bucketize right=True, c = 1 in the last bin), spec 5.1(5).
/// </summary>
public static class ReliabilityDiagram
{
    public const int DefaultBins = 15;

    public static ReliabilityDiagramData Compute(double[,] probabilities, int[] labels, int bins = DefaultBins)
    {
        ClassificationInputs.ValidateProbabilities(probabilities, labels);
        if (bins < 1) throw new ArgumentException($"bins must be >= 1; got {bins}.", nameof(bins));
        int n = labels.Length;
        var count = new int[bins];
        var confSum = new double[bins];
        var correctSum = new double[bins];
        for (int i = 0; i < n; i++)
        {
            var (pred, conf) = ClassificationInputs.ArgMax(probabilities, i);
            int b = BinOf(conf, bins);
            count[b]++;
            confSum[b] += conf;
            if (pred == labels[i]) correctSum[b] += 1;
        }
        var result = new ReliabilityBin[bins];
        for (int b = 0; b < bins; b++)
            result[b] = new ReliabilityBin(b, (double)b / bins, (double)(b + 1) / bins, count[b],
                count[b] == 0 ? 0 : confSum[b] / count[b], count[b] == 0 ? 0 : correctSum[b] / count[b]);
        return new ReliabilityDiagramData(result, n);
    }

    public static ReliabilityDiagramData Compute(Tensor probabilities, Tensor labels, int bins = DefaultBins) =>
        Compute(ClassificationInputs.ToMatrix(probabilities, nameof(probabilities)), ClassificationInputs.ToLabels(labels), bins);

    /// <summary>Bin b holds b/B &lt;= c &lt; (b+1)/B; c = 1 (and rounding above 1) falls in the last bin.</summary>
    internal static int BinOf(double confidence, int bins)
    {
        int b = 0;
        while (b < bins && confidence >= (double)(b + 1) / bins) b++;
        return Math.Min(b, bins - 1);
    }
}
