using static TorchSharp.torch;

namespace GapLab.Quality;

/// <summary>
/// Multi-class Brier score = (1/N) sum_i sum_k (p_ik - [y_i == k])^2: summed over classes, averaged over samples, range [0, 2].
/// Source: Brier 1950, "Verification of forecasts expressed in terms of probability" (original multi-category form).
/// </summary>
public static class BrierScore
{
    public static double Compute(double[,] probabilities, int[] labels)
    {
        ClassificationInputs.ValidateProbabilities(probabilities, labels);
        int n = labels.Length, k = probabilities.GetLength(1);
        double sum = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < k; j++)
            {
                double d = probabilities[i, j] - (labels[i] == j ? 1 : 0);
                sum += d * d;
            }
        return sum / n;
    }

    public static double Compute(Tensor probabilities, Tensor labels) =>
        Compute(ClassificationInputs.ToMatrix(probabilities, nameof(probabilities)), ClassificationInputs.ToLabels(labels));
}
