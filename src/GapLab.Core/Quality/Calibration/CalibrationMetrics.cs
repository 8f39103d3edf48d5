using static TorchSharp.torch;

namespace GapLab.Quality;

/// <summary>All calibration numbers for one set of probabilities, plus the Hesse et al. dimension value gmean(ECE, ACE).</summary>
public sealed record CalibrationMetrics(double Accuracy, double Ece, double Ace, double Mce, double Brier, double Nll, int Bins)
{
    /// <summary>
    /// Calibration-error dimension = sqrt(ECE * ACE) (lower is better).
    /// Source: Hesse et al. 2025, "Beyond Accuracy", spec 5.1(5).
    /// </summary>
    public double CalibrationError => ClassificationInputs.GeometricMean(Ece, Ace);

    /// <summary><paramref name="aceReference"/>: the ACE's reference mode (float32 probabilities, strict p &gt; 0; see <see cref="AdaptiveCalibrationError"/>).</summary>
    public static CalibrationMetrics Compute(double[,] probabilities, int[] labels, int bins = ReliabilityDiagram.DefaultBins, bool aceReference = false)
    {
        var diagram = ReliabilityDiagram.Compute(probabilities, labels, bins);
        int correct = 0;
        for (int i = 0; i < labels.Length; i++) if (ClassificationInputs.ArgMax(probabilities, i).Index == labels[i]) correct++;
        return new CalibrationMetrics(
            (double)correct / labels.Length,
            ExpectedCalibrationError.FromDiagram(diagram),
            AdaptiveCalibrationError.Compute(probabilities, labels, bins, aceReference),
            MaximumCalibrationError.FromDiagram(diagram),
            BrierScore.Compute(probabilities, labels),
            NegativeLogLikelihood.Compute(probabilities, labels),
            bins);
    }

    public static CalibrationMetrics Compute(Tensor probabilities, Tensor labels, int bins = ReliabilityDiagram.DefaultBins, bool aceReference = false) =>
        Compute(ClassificationInputs.ToMatrix(probabilities, nameof(probabilities)), ClassificationInputs.ToLabels(labels), bins, aceReference);
}
