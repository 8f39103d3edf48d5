namespace GapLab.Metrics.Correlation;

/// <summary>
/// ddof of the two standard deviations and the percentile of f5/f6. Defaults reproduce Huang et al.'s code: pandas .std()
/// (ddof 1) for the errors, np.std (ddof 0) for 1 - kappa, the 10th percentile with numpy's linear interpolation.
/// </summary>
public sealed record PerClassStatisticsOptions(int ErrorStdDdof = 1, int KappaStdDdof = 0, double Percentile = 10, PercentileInterpolation Interpolation = PercentileInterpolation.Linear);

/// <summary>
/// Per-class vectors err_c and d_c = 1 - kappa_c, the six statistics f1..f6 in the spec's order, and 1 - the multi-class kappa
/// (optional global statistic of the older code).
/// </summary>
public sealed record PerClassStatistics(
    IReadOnlyList<double> ClassErrors, IReadOnlyList<double> ClassKappaDistances,
    double MeanError, double MeanKappaDistance, double StdError, double StdKappaDistance,
    double PercentileError, double PercentileKappaDistance, double GlobalKappaDistance)
{
    /// <summary>
    /// f1 = mean err, f2 = mean d, f3 = std err, f4 = std d, f5 = P10 err, f6 = P10 d with err_c = 1 - C[c,c]/row_c, d_c = 1 - kappa_c one-vs-rest.
    /// Source: Huang, Yu, Zhang (2025) Sci. Rep., code build_3d_array.py / calculate_kappa.py (spec metrics.md 1.5).
    /// </summary>
    public static PerClassStatistics From(ConfusionMatrix matrix, PerClassStatisticsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        options ??= new PerClassStatisticsOptions();
        if (options.ErrorStdDdof < 0 || options.KappaStdDdof < 0)
            throw new ArgumentException($"ddof = ({options.ErrorStdDdof}, {options.KappaStdDdof}) is invalid: accepted non-negative integers (0 = np.std, 1 = pandas .std()).", nameof(options));
        var err = matrix.PerClassError();
        var d = matrix.PerClassKappaDistance();
        return new PerClassStatistics(err, d,
            SampleStatistics.Mean(err), SampleStatistics.Mean(d),
            SampleStatistics.StandardDeviation(err, options.ErrorStdDdof), SampleStatistics.StandardDeviation(d, options.KappaStdDdof),
            SampleStatistics.Percentile(err, options.Percentile, options.Interpolation), SampleStatistics.Percentile(d, options.Percentile, options.Interpolation),
            1 - CohenKappa.Multiclass(matrix));
    }

    /// <summary>(f1, ..., f6).</summary>
    public double[] AsVector() => [MeanError, MeanKappaDistance, StdError, StdKappaDistance, PercentileError, PercentileKappaDistance];
}
