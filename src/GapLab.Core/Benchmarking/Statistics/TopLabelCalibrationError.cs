namespace GapLab.Benchmarking.Statistics;

/// <summary>
/// Top-label ECE from each image's confidence c_i = max_k p_ik and correctness: Σ_b (n_b/N)·|acc_b - conf_b| over 15 equal-width bins (b/B ≤ c &lt; (b+1)/B, c = 1 in the last),
/// the same binning as <see cref="GapLab.Quality.ExpectedCalibrationError"/>. Source: Guo et al. (2017) "On Calibration of Modern Neural Networks", ICML, eq. 3.
/// </summary>
public static class TopLabelCalibrationError
{
    public const int Bins = 15;

    /// <summary>ECE of the images <paramref name="indices"/> (a bootstrap multiset, or all).</summary>
    public static double Compute(IReadOnlyList<double> confidence, IReadOnlyList<bool> correct, IReadOnlyList<int> indices)
    {
        Span<int> count = stackalloc int[Bins];
        Span<double> conf = stackalloc double[Bins];
        Span<double> hits = stackalloc double[Bins];
        foreach (int i in indices)
        {
            int b = Math.Min((int)Math.Floor(confidence[i] * Bins), Bins - 1);
            // match ReliabilityDiagram.BinOf at bin edges that floating point puts just below (b+1)/B
            while (b + 1 < Bins && confidence[i] >= (double)(b + 1) / Bins) b++;
            while (b > 0 && confidence[i] < (double)b / Bins) b--;
            count[b]++;
            conf[b] += confidence[i];
            if (correct[i]) hits[b] += 1;
        }
        double n = indices.Count, ece = 0;
        for (int b = 0; b < Bins; b++)
            if (count[b] > 0) ece += count[b] / n * Math.Abs(hits[b] / count[b] - conf[b] / count[b]);
        return ece;
    }
}
