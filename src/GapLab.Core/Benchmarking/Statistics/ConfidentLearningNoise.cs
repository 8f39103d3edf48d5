namespace GapLab.Benchmarking.Statistics;

/// <summary>Images flagged as probably mislabelled (their indices and the class the model is confident of) and the estimated noise rate.</summary>
public sealed record LabelNoiseEstimate(IReadOnlyList<(int Index, int Given, int Likely)> Issues, int Samples)
{
    public double Rate => Samples == 0 ? 0 : (double)Issues.Count / Samples;
}

/// <summary>
/// Label-noise estimate by confident learning on held-out probabilities p̂: per-class threshold t_j = mean of p̂_j(x) over images labelled j;
/// an image labelled i is counted in the confident joint at j = argmax{p̂_k(x) : p̂_k(x) ≥ t_k}; off-diagonal entries (j ≠ i) are the label issues.
/// Source: Northcutt, Jiang &amp; Chuang (2021) "Confident Learning: Estimating Uncertainty in Dataset Labels", JAIR 70:1373, §3.1 (eq. 2), without calibration.
/// </summary>
public static class ConfidentLearningNoise
{
    public static LabelNoiseEstimate Estimate(double[,] probabilities, int[] labels)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        int n = probabilities.GetLength(0), k = probabilities.GetLength(1);
        if (labels.Length != n) throw new ArgumentException($"{labels.Length} labels do not match {n} probability rows.");
        var sum = new double[k];
        var count = new int[k];
        for (int i = 0; i < n; i++)
        {
            if ((uint)labels[i] >= (uint)k) throw new ArgumentException($"label {labels[i]} of image {i} is outside [0, {k - 1}].");
            sum[labels[i]] += probabilities[i, labels[i]];
            count[labels[i]]++;
        }
        var threshold = Enumerable.Range(0, k).Select(j => count[j] == 0 ? double.PositiveInfinity : sum[j] / count[j]).ToArray();
        var issues = new List<(int, int, int)>();
        for (int i = 0; i < n; i++)
        {
            int best = -1;
            for (int j = 0; j < k; j++)
                if (probabilities[i, j] >= threshold[j] && (best < 0 || probabilities[i, j] > probabilities[i, best])) best = j;
            if (best >= 0 && best != labels[i]) issues.Add((i, labels[i], best));
        }
        return new LabelNoiseEstimate(issues, n);
    }
}
