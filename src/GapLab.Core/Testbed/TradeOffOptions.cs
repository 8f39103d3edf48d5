namespace GapLab.Testbed;

/// <summary>
/// Settings of the trade-off search (spec metrics.md 1.7): penalty weights (a1, a2, a3) on x = SSIM, y = 1 - zero-shot fraction and
/// z = normalised size; the soft barrier B(v) = BarrierScale (exp(-BarrierRate (v - lb)) + exp(-BarrierRate (ub - v))) per variable and slack
/// (final code: scale 0.5, rate 10; scale 0 switches it off); the size scale; the method (<see cref="TradeOffMethod.Grid"/>, the default, or
/// <see cref="TradeOffMethod.Reference"/>); and the grid method's points per axis and refinement rounds.
/// </summary>
public sealed record TradeOffOptions
{
    public IReadOnlyList<double> Weights { get; init; } = [1.0, 1.0, 1.0];
    public double BarrierRate { get; init; } = 10;
    public double BarrierScale { get; init; } = 0.5;
    public SizeScale SizeScale { get; init; } = SizeScale.Linear;
    public TradeOffMethod Method { get; init; } = TradeOffMethod.Grid;
    /// <summary>The SSIM axis' coordinates: each level's target (default) or its achieved mean SSIM (<see cref="GapLab.Testbed.SsimCoordinate"/>).</summary>
    public SsimCoordinate SsimCoordinate { get; init; } = SsimCoordinate.Target;
    public int GridPoints { get; init; } = 101;
    /// <summary>Each round re-grids GridPoints per axis over +-1 step of the incumbent.</summary>
    public int RefinementRounds { get; init; } = 2;

    public TradeOffOptions Validate()
    {
        if (Weights is null || Weights.Count != 3 || Weights.Any(w => !(w >= 0) || double.IsInfinity(w)))
            throw new ArgumentException($"TradeOffOptions.Weights = [{(Weights is null ? "null" : string.Join(", ", Weights))}] is invalid: accepted three finite weights >= 0 (a1 SSIM, a2 1-zero-shot, a3 size).", nameof(Weights));
        if (!(BarrierRate >= 0) || double.IsInfinity(BarrierRate))
            throw new ArgumentException($"TradeOffOptions.BarrierRate = {BarrierRate} is invalid: accepted a finite number >= 0 (reference 10).", nameof(BarrierRate));
        if (!(BarrierScale >= 0) || double.IsInfinity(BarrierScale))
            throw new ArgumentException($"TradeOffOptions.BarrierScale = {BarrierScale} is invalid: accepted a finite number >= 0 (reference 0.5, 0 = no barrier).", nameof(BarrierScale));
        if (GridPoints is < 3 or > 1001)
            throw new ArgumentException($"TradeOffOptions.GridPoints = {GridPoints} is invalid: accepted 3 to 1001 points per axis.", nameof(GridPoints));
        if (RefinementRounds is < 0 or > 10)
            throw new ArgumentException($"TradeOffOptions.RefinementRounds = {RefinementRounds} is invalid: accepted 0 to 10.", nameof(RefinementRounds));
        if (!Enum.IsDefined(SizeScale))
            throw new ArgumentException($"TradeOffOptions.SizeScale = {SizeScale} is invalid: accepted Linear or Log.", nameof(SizeScale));
        if (!Enum.IsDefined(Method))
            throw new ArgumentException($"TradeOffOptions.Method = {Method} is invalid: accepted Grid or Reference.", nameof(Method));
        if (!Enum.IsDefined(SsimCoordinate))
            throw new ArgumentException($"TradeOffOptions.SsimCoordinate = {SsimCoordinate} is invalid: accepted Target or Achieved.", nameof(SsimCoordinate));
        return this;
    }
}
