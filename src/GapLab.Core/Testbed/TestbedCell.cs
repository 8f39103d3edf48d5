using System.Globalization;

namespace GapLab.Testbed;

/// <summary>
/// One cell (s, k, m) of Huang et al.'s testbed (spec metrics.md 1.2, 1.5): model m (spec, index, parameter count), SSIM level s
/// (target, mean SSIM reached, route, severity), k unseen classes (zero-shot fraction k / (seen + k)), and the measurements
/// f1..f6, accuracy, per-class error and 1 - kappa, and the confusion matrix (rows = truth; class order = seen, then unseen order).
/// </summary>
public sealed record TestbedCell(
    string Model, int ModelIndex, long Parameters,
    double SsimTarget, double AchievedSsim, DistortionRoute Route, double Severity, bool SsimReached,
    int UnseenClasses, double ZeroShotFraction, int ClassCount, int TestCount, double Accuracy,
    double F1MeanError, double F2MeanKappaDistance, double F3StdError, double F4StdKappaDistance, double F5P10Error, double F6P10KappaDistance,
    double GlobalKappaDistance, IReadOnlyList<double> ClassErrors, IReadOnlyList<double> ClassKappaDistances, long[,] Confusion)
{
    /// <summary>A cell from its coordinates and <paramref name="s"/>.</summary>
    public static TestbedCell Of(string model, int modelIndex, long parameters, DistortionResult distortion, double achievedSsim,
        int seenClasses, int unseenClasses, CellStatistics s) => new(
        model, modelIndex, parameters, distortion.TargetSsim, achievedSsim, distortion.Route, distortion.Severity, distortion.Reached,
        unseenClasses, (double)unseenClasses / (seenClasses + unseenClasses), s.ClassCount, s.TestCount, s.Accuracy,
        s.PerClass.MeanError, s.PerClass.MeanKappaDistance, s.PerClass.StdError, s.PerClass.StdKappaDistance,
        s.PerClass.PercentileError, s.PerClass.PercentileKappaDistance, s.PerClass.GlobalKappaDistance,
        s.PerClass.ClassErrors, s.PerClass.ClassKappaDistances, s.Confusion);

    /// <summary>(f1, ..., f6).</summary>
    public double[] Statistics() => [F1MeanError, F2MeanKappaDistance, F3StdError, F4StdKappaDistance, F5P10Error, F6P10KappaDistance];

    /// <summary>err_c joined by ';' (CSV column).</summary>
    public string ClassErrorList => Join(ClassErrors);

    /// <summary>1 - kappa_c joined by ';' (CSV column).</summary>
    public string ClassKappaDistanceList => Join(ClassKappaDistances);

    /// <summary>Confusion rows joined by ';', counts by ' ' (CSV column).</summary>
    public string ConfusionRows => string.Join(";", Enumerable.Range(0, Confusion.GetLength(0)).Select(r =>
        string.Join(" ", Enumerable.Range(0, Confusion.GetLength(1)).Select(c => Confusion[r, c].ToString(CultureInfo.InvariantCulture)))));

    static string Join(IReadOnlyList<double> v) => string.Join(";", v.Select(x => x.ToString("R", CultureInfo.InvariantCulture)));
}
