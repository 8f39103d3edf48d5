namespace GapLab.Benchmarking.Statistics;

/// <summary>
/// Accuracy of each class (correct / images of that class, NaN for a class with no image) and the worst class: the minimum over classes present.
/// Source: worst-group accuracy as in Sagawa et al. (2020) "Distributionally Robust Neural Networks", ICLR (groups = classes here).
/// </summary>
public static class PerClassAccuracy
{
    public static double[] Compute(IReadOnlyList<int> labels, IReadOnlyList<bool> correct, IReadOnlyList<int> indices, int classes)
    {
        var n = new int[classes];
        var hits = new int[classes];
        foreach (int i in indices)
        {
            n[labels[i]]++;
            if (correct[i]) hits[labels[i]]++;
        }
        return Enumerable.Range(0, classes).Select(k => n[k] == 0 ? double.NaN : (double)hits[k] / n[k]).ToArray();
    }

    /// <summary>The lowest per-class accuracy over classes with at least one image, and its class index.</summary>
    public static (double Accuracy, int Class) Worst(IReadOnlyList<int> labels, IReadOnlyList<bool> correct, IReadOnlyList<int> indices, int classes)
    {
        var acc = Compute(labels, correct, indices, classes);
        int worst = -1;
        for (int k = 0; k < classes; k++)
            if (!double.IsNaN(acc[k]) && (worst < 0 || acc[k] < acc[worst])) worst = k;
        return worst < 0 ? (double.NaN, -1) : (acc[worst], worst);
    }
}
