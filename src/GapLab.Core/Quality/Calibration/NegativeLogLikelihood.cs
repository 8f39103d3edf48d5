using static TorchSharp.torch;

namespace GapLab.Quality;

/// <summary>
/// NLL = -(1/N) sum_i ln p_{i,y_i}; from logits, p = softmax(z / T) computed as logsumexp(z/T) - z_y/T (no clamping needed).
/// Source: standard cross-entropy; Guo et al. 2017 (temperature-scaled NLL). Probabilities below 1e-12 are clamped to 1e-12 (NLL &lt;= 27.6 per sample).
/// </summary>
public static class NegativeLogLikelihood
{
    public const double MinProbability = 1e-12;

    public static double Compute(double[,] probabilities, int[] labels)
    {
        ClassificationInputs.ValidateProbabilities(probabilities, labels);
        double sum = 0;
        for (int i = 0; i < labels.Length; i++) sum -= Math.Log(Math.Max(probabilities[i, labels[i]], MinProbability));
        return sum / labels.Length;
    }

    public static double Compute(Tensor probabilities, Tensor labels) =>
        Compute(ClassificationInputs.ToMatrix(probabilities, nameof(probabilities)), ClassificationInputs.ToLabels(labels));

    /// <summary>NLL of softmax(logits / temperature).</summary>
    public static double FromLogits(double[,] logits, int[] labels, double temperature = 1.0)
    {
        ClassificationInputs.ValidateLogits(logits, labels);
        if (!(temperature > 0) || !double.IsFinite(temperature))
            throw new ArgumentException($"temperature must be a positive finite number; got {temperature}.", nameof(temperature));
        int n = labels.Length, k = logits.GetLength(1);
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double max = double.NegativeInfinity;
            for (int j = 0; j < k; j++) max = Math.Max(max, logits[i, j] / temperature);
            double s = 0;
            for (int j = 0; j < k; j++) s += Math.Exp(logits[i, j] / temperature - max);
            sum += max + Math.Log(s) - logits[i, labels[i]] / temperature;
        }
        return sum / n;
    }
}
