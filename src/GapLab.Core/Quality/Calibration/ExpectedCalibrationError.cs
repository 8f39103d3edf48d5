using static TorchSharp.torch;

namespace GapLab.Quality;

/// <summary>
/// Top-label ECE = sum_b (n_b / N) |acc_b - conf_b| over 15 equal-width confidence bins (see <see cref="ReliabilityDiagram"/>).
/// Source: Guo et al. 2017 / Naeini et al. 2015; torchmetrics MulticlassCalibrationError(norm='l1', n_bins=15) as used by Hesse et al. 2025 (spec 5.1(5)).
/// </summary>
public static class ExpectedCalibrationError
{
    public static double Compute(double[,] probabilities, int[] labels, int bins = ReliabilityDiagram.DefaultBins) =>
        FromDiagram(ReliabilityDiagram.Compute(probabilities, labels, bins));

    public static double Compute(Tensor probabilities, Tensor labels, int bins = ReliabilityDiagram.DefaultBins) =>
        FromDiagram(ReliabilityDiagram.Compute(probabilities, labels, bins));

    public static double FromDiagram(ReliabilityDiagramData diagram)
    {
        ArgumentNullException.ThrowIfNull(diagram);
        return diagram.Bins.Sum(b => (double)b.Count / diagram.SampleCount * Math.Abs(b.Gap));
    }
}
