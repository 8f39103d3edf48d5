namespace GapLab.Quality;

/// <summary>mCE against a named baseline: per-corruption CE_c and relative CE_c, their means, and the baseline's name.</summary>
public sealed record MeanCorruptionErrorResult(string BaselineModel, IReadOnlyDictionary<string, double> CorruptionErrors, double Mce,
    IReadOnlyDictionary<string, double?> RelativeCorruptionErrors, double? RelativeMce);

/// <summary>
/// CE_c = sum_s E(c,s) / sum_s E_base(c,s); mCE = mean_c CE_c; relative CE_c = sum_s (E(c,s) - E_clean) / sum_s (E_base(c,s) - E_base,clean), E = 1 - accuracy.
/// Source: Hendrycks and Dietterich 2019 (ICLR), Section 3 (baseline AlexNet on ImageNet-C; here any named baseline measured on the same corrupted data).
/// </summary>
public static class MeanCorruptionError
{
    public static MeanCorruptionErrorResult Compute(CorruptionAccuracyTable model, CorruptionAccuracyTable baseline)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(baseline);
        model.Validate();
        baseline.Validate();
        var ce = new Dictionary<string, double>();
        var relative = new Dictionary<string, double?>();
        foreach (var c in model.Corruptions)
        {
            var severities = model.Severities(c);
            if (!baseline.Severities(c).SequenceEqual(severities))
                throw new ArgumentException($"baseline '{baseline.ModelName}' lacks {c} at severities [{string.Join(",", severities)}] measured for '{model.ModelName}'.");
            double err = severities.Sum(s => 1 - model.Accuracy(c, s));
            double baseErr = severities.Sum(s => 1 - baseline.Accuracy(c, s));
            if (!(baseErr > 0))
                throw new ArgumentException($"baseline '{baseline.ModelName}' makes no errors on {c}; CE is undefined. Choose a weaker baseline.");
            ce[c] = err / baseErr;
            double relBase = severities.Sum(s => baseline.CleanAccuracy - baseline.Accuracy(c, s));
            relative[c] = relBase > 0 ? severities.Sum(s => model.CleanAccuracy - model.Accuracy(c, s)) / relBase : null;
        }
        double? relMce = relative.Values.All(v => v.HasValue) ? relative.Values.Average(v => v!.Value) : null;
        return new MeanCorruptionErrorResult(baseline.ModelName, ce, ce.Values.Average(), relative, relMce);
    }
}
