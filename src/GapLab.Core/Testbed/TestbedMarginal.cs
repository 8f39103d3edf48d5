namespace GapLab.Testbed;

/// <summary>
/// Marginal of the testbed along one axis (spec metrics.md 1.6, the README's "Eq. 5"): M_f^a(v) = mean of f over every cell whose
/// a-coordinate is v (pandas groupby(a).mean()). <paramref name="Axis"/> is "ssim" (Value = target SSIM), "zero_shot" (Value = zero-shot
/// fraction, Label = k) or "model" (Value = parameter count, Label = model spec).
/// </summary>
public sealed record TestbedMarginal(string Axis, double Value, string Label, int CellCount,
    double F1MeanError, double F2MeanKappaDistance, double F3StdError, double F4StdKappaDistance, double F5P10Error, double F6P10KappaDistance,
    double Accuracy, double AchievedSsim)
{
    public const string SsimAxis = "ssim", ZeroShotAxis = "zero_shot", ModelAxis = "model";

    /// <summary>Every marginal of <paramref name="cells"/>: the SSIM axis, then zero-shot, then model, each in ascending axis value.</summary>
    public static IReadOnlyList<TestbedMarginal> From(IReadOnlyList<TestbedCell> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Count == 0) throw new ArgumentException("No testbed cells: accepted at least one cell to average.", nameof(cells));
        return Along(cells, SsimAxis, c => c.SsimTarget, c => c.SsimTarget.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture))
            .Concat(Along(cells, ZeroShotAxis, c => c.ZeroShotFraction, c => $"k={c.UnseenClasses}"))
            .Concat(Along(cells, ModelAxis, c => c.Parameters, c => c.Model))
            .ToArray();
    }

    static IEnumerable<TestbedMarginal> Along(IReadOnlyList<TestbedCell> cells, string axis, Func<TestbedCell, double> key, Func<TestbedCell, string> label) =>
        cells.GroupBy(key).OrderBy(g => g.Key).Select(g => new TestbedMarginal(axis, g.Key, label(g.First()), g.Count(),
            g.Average(c => c.F1MeanError), g.Average(c => c.F2MeanKappaDistance), g.Average(c => c.F3StdError),
            g.Average(c => c.F4StdKappaDistance), g.Average(c => c.F5P10Error), g.Average(c => c.F6P10KappaDistance),
            g.Average(c => c.Accuracy), g.Average(c => c.AchievedSsim)));

    /// <summary>(f1, ..., f6).</summary>
    public double[] Statistics() => [F1MeanError, F2MeanKappaDistance, F3StdError, F4StdKappaDistance, F5P10Error, F6P10KappaDistance];
}
