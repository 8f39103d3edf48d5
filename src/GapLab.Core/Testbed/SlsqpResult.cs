namespace GapLab.Testbed;

/// <summary>
/// The outcome of <see cref="Slsqp.Minimize"/>: the last iterate X (within the bounds), f(X), major iterations, objective evaluations, and
/// the exit status with scipy's codes and messages (0 = converged, 4 = inconsistent QP constraints, 8 = positive directional derivative in
/// the line search, 9 = iteration limit; 10 = the objective was NaN at an accepted point, e.g. outside an interpolant's convex hull).
/// </summary>
public sealed record SlsqpResult(IReadOnlyList<double> X, double Value, int Iterations, int Evaluations, int Status, string Message)
{
    public bool Converged => Status == 0;
}
