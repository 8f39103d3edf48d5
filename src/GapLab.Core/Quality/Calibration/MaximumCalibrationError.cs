using static TorchSharp.torch;

namespace GapLab.Quality;

/// <summary>
/// MCE = max over non-empty bins b of |acc_b - conf_b|, same top-label equal-width bins as <see cref="ExpectedCalibrationError"/>.
/// Source: Naeini, Cooper, Hauskrecht 2015 (AAAI), "Obtaining well calibrated probabilities using Bayesian binning".
/// </summary>
public static class MaximumCalibrationError
{
    public static double Compute(double[,] probabilities, int[] labels, int bins = ReliabilityDiagram.DefaultBins) =>
        FromDiagram(ReliabilityDiagram.Compute(probabilities, labels, bins));

    public static double Compute(Tensor probabilities, Tensor labels, int bins = ReliabilityDiagram.DefaultBins) =>
        FromDiagram(ReliabilityDiagram.Compute(probabilities, labels, bins));

    public static double FromDiagram(ReliabilityDiagramData diagram)
    {
        ArgumentNullException.ThrowIfNull(diagram);
        return diagram.Bins.Where(b => b.Count > 0).Select(b => Math.Abs(b.Gap)).DefaultIfEmpty(0).Max();
    }
}
