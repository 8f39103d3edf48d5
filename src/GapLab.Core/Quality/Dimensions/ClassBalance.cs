using static TorchSharp.torch;

namespace GapLab.Quality;

/// <summary>The two class-balance terms, their geometric mean, and the number of classes that had samples.</summary>
public sealed record ClassBalanceResult(double AccuracyBalance, double ConfidenceBalance, double Value, int ClassesUsed);

/// <summary>
/// Class balance = gmean( 1 - std_c(acc_c) [ddof 1], 1 - mean_c std_{x in c}(p_y(x)) [ddof 0] ), acc_c = per-class recall, p_y = softmax of the true class.
/// Source: Hesse et al. 2025, "Beyond Accuracy" ("fairness" in arXiv v1), spec 5.1(6). Classes without samples are left out.
/// </summary>
public static class ClassBalance
{
    public static ClassBalanceResult Compute(double[,] probabilities, int[] labels)
    {
        ClassificationInputs.ValidateProbabilities(probabilities, labels);
        int k = probabilities.GetLength(1);
        var recall = new List<double>();
        var confidenceSpread = new List<double>();
        for (int c = 0; c < k; c++)
        {
            var members = Enumerable.Range(0, labels.Length).Where(i => labels[i] == c).ToArray();
            if (members.Length == 0) continue;
            recall.Add(members.Count(i => ClassificationInputs.ArgMax(probabilities, i).Index == c) / (double)members.Length);
            var p = members.Select(i => probabilities[i, c]).ToArray();
            double mean = p.Average();
            confidenceSpread.Add(Math.Sqrt(p.Sum(v => (v - mean) * (v - mean)) / p.Length));
        }
        if (recall.Count < 2)
            throw new ArgumentException($"class balance needs samples of at least 2 classes; the labels contain {recall.Count}.", nameof(labels));
        double meanRecall = recall.Average();
        double recallStd = Math.Sqrt(recall.Sum(v => (v - meanRecall) * (v - meanRecall)) / (recall.Count - 1));
        double accuracyBalance = 1 - recallStd;
        double confidenceBalance = 1 - confidenceSpread.Average();
        return new ClassBalanceResult(accuracyBalance, confidenceBalance,
            ClassificationInputs.GeometricMean(accuracyBalance, confidenceBalance), recall.Count);
    }

    public static ClassBalanceResult Compute(Tensor probabilities, Tensor labels) =>
        Compute(ClassificationInputs.ToMatrix(probabilities, nameof(probabilities)), ClassificationInputs.ToLabels(labels));
}
