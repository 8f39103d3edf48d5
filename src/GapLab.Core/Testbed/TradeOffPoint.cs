namespace GapLab.Testbed;

/// <summary>
/// Huang et al.'s practical generalization metric (spec metrics.md 1.7): the 5-tuple (SSIM lower bound x*, zero-shot upper bound 1 - y*,
/// model-size lower bound = denormalised z* in parameters, generalization bound f1(x*, y*, z*), diversity bound f2(x*, y*, z*)),
/// plus the optimiser coordinates, the interpolated f1..f6, the surrogate S = sum f, the objective and the settings that produced it
/// (<see cref="Method"/>: grid search on the trilinear grid, or the reference code's Delaunay griddata + SLSQP).
/// </summary>
public sealed record TradeOffPoint(
    double SsimLowerBound, double ZeroShotUpperBound, double ModelSizeLowerBound, double GeneralizationBound, double DiversityBound,
    double X, double Y, double Z, IReadOnlyList<double> Statistics, double Surrogate, double Objective,
    IReadOnlyList<double> Weights, double BarrierRate, double BarrierScale, SizeScale SizeScale, string Interpolation, string Solver)
{
    public TradeOffMethod Method { get; init; } = TradeOffMethod.Grid;

    /// <summary>What the SSIM lower bound is measured in: the levels' targets or their achieved mean SSIM.</summary>
    public SsimCoordinate SsimCoordinate { get; init; } = SsimCoordinate.Target;

    /// <summary>What the SSIM axis holds, in words, as the CLI and the notebook card print it.</summary>
    public string SsimAxisDescription => SsimCoordinate == SsimCoordinate.Achieved ? "the levels' achieved mean SSIM" : "the levels' target SSIM";
}
