namespace GapLab.Testbed;

/// <summary>How the trade-off point (spec metrics.md 1.7) is located; recorded in <see cref="TradeOffPoint.Method"/>.</summary>
public enum TradeOffMethod
{
    /// <summary>GapLab's default: f1..f6 trilinear on the regular grid, dense grid search with refinement, slacks eliminated exactly.</summary>
    Grid,

    /// <summary>
    /// The reference code's: f1..f6 Delaunay-linear on the scattered cells (scipy griddata 'linear', <see cref="DelaunayLinearInterpolator"/>),
    /// <see cref="Slsqp"/> over (x, y, z, c1, c2, c3) from (x_min, y_min, z_min, x_max, y_max, z_max), i.e. (0.6, 0.5, 0, 1, 1, 1) on the reference box.
    /// </summary>
    Reference,
}
