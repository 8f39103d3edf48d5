using static TorchSharp.torch;

namespace GapLab.Quality;

/// <summary>Fitted temperature and the calibration metrics of softmax(z) (before) and softmax(z / T) (after).</summary>
public sealed record TemperatureScalingResult(double Temperature, CalibrationMetrics Before, CalibrationMetrics After);

/// <summary>
/// Temperature scaling: T* = argmin_T NLL(softmax(z / T), y), found by golden-section search on ln T in [ln Tmin, ln Tmax].
/// Source: Guo, Pleiss, Sun, Weinberger 2017, "On Calibration of Modern Neural Networks" (ICML). NLL is convex in 1/T, so unimodal in ln T.
/// </summary>
public static class TemperatureScaling
{
    public const double DefaultMinTemperature = 0.01;
    public const double DefaultMaxTemperature = 100;

    public static TemperatureScalingResult Fit(double[,] logits, int[] labels, int bins = ReliabilityDiagram.DefaultBins,
        double minTemperature = DefaultMinTemperature, double maxTemperature = DefaultMaxTemperature, double tolerance = 1e-7)
    {
        ClassificationInputs.ValidateLogits(logits, labels);
        if (!(minTemperature > 0) || !(maxTemperature > minTemperature) || !double.IsFinite(maxTemperature))
            throw new ArgumentException($"temperature range must satisfy 0 < min < max < infinity; got [{minTemperature}, {maxTemperature}].");
        if (!(tolerance > 0)) throw new ArgumentException($"tolerance must be > 0; got {tolerance}.", nameof(tolerance));

        double Objective(double logT) => NegativeLogLikelihood.FromLogits(logits, labels, Math.Exp(logT));
        double invPhi = (Math.Sqrt(5) - 1) / 2;
        double a = Math.Log(minTemperature), b = Math.Log(maxTemperature);
        double c = b - invPhi * (b - a), d = a + invPhi * (b - a);
        double fc = Objective(c), fd = Objective(d);
        while (b - a > tolerance)
        {
            if (fc <= fd) { b = d; d = c; fd = fc; c = b - invPhi * (b - a); fc = Objective(c); }
            else { a = c; c = d; fc = fd; d = a + invPhi * (b - a); fd = Objective(d); }
        }
        double t = Math.Exp((a + b) / 2);
        return new TemperatureScalingResult(t,
            CalibrationMetrics.Compute(ClassificationInputs.Softmax(logits, 1.0), labels, bins),
            CalibrationMetrics.Compute(ClassificationInputs.Softmax(logits, t), labels, bins));
    }

    public static TemperatureScalingResult Fit(Tensor logits, Tensor labels, int bins = ReliabilityDiagram.DefaultBins) =>
        Fit(ClassificationInputs.ToMatrix(logits, nameof(logits)), ClassificationInputs.ToLabels(labels), bins);
}
