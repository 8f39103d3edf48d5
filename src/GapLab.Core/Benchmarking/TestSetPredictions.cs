namespace GapLab.Benchmarking;

/// <summary>One model's predictions on one test set of an evaluation, indexed by image: label, predicted class, its softmax probability.</summary>
public sealed class TestSetPredictions
{
    public TestSetPredictions(int[] labels, int[] predicted, double[] confidence)
    {
        if (labels.Length != predicted.Length || labels.Length != confidence.Length)
            throw new ArgumentException($"predictions of different lengths: {labels.Length} labels, {predicted.Length} predictions, {confidence.Length} confidences.");
        Labels = labels;
        Predicted = predicted;
        Confidence = confidence;
        Correct = labels.Select((y, i) => predicted[i] == y).ToArray();
    }

    public int[] Labels { get; }
    public int[] Predicted { get; }
    public double[] Confidence { get; }
    public bool[] Correct { get; }
    public int Count => Labels.Length;

    /// <summary>Accuracy of the images <paramref name="indices"/> (a bootstrap multiset, or all).</summary>
    public double Accuracy(IReadOnlyList<int> indices)
    {
        int hits = 0;
        foreach (int i in indices) if (Correct[i]) hits++;
        return indices.Count == 0 ? double.NaN : (double)hits / indices.Count;
    }
}
