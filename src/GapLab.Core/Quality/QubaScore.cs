namespace GapLab.Quality;

/// <summary>One dimension's part of a QUBA score: z = (value - mean)/std and contribution = weight * z / sum|w|.</summary>
public sealed record QubaContribution(QualityDimension Dimension, double Value, double Mean, double Std, double ZScore, double Weight, double Contribution);

/// <summary>A QUBA score with its per-dimension contributions (they sum to <see cref="Score"/>) and the weights and normalisation used.</summary>
public sealed record QubaResult(double Score, IReadOnlyList<QubaContribution> Contributions, string WeightsName, string NormalizationSource);

/// <summary>
/// QUBA (Quality Understanding Beyond Accuracy), Hesse et al. 2025, spec 5.2: QUBA = sum_i w_i z_i / sum_i |w_i|,
/// z_i = (v_i - mu_i) / sigma_i. Dimensions with weight 0 are dropped and need no value.
/// </summary>
public static class QubaScore
{
    /// <summary>
    /// Computes QUBA for one model. <paramref name="weights"/> defaults to <see cref="QubaWeights.Default"/>,
    /// <paramref name="normalization"/> to <see cref="QubaNormalization.Published"/>.
    /// </summary>
    public static QubaResult Compute(IReadOnlyDictionary<QualityDimension, double> values, QubaWeights? weights = null, QubaNormalization? normalization = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        weights ??= QubaWeights.Default;
        normalization ??= QubaNormalization.Published;
        double denominator = weights.AbsoluteSum;
        var contributions = new List<QubaContribution>();
        double score = 0;
        foreach (var d in QualityDimensions.All)
        {
            double w = weights[d];
            if (w == 0) continue;
            if (!values.TryGetValue(d, out double v))
                throw new ArgumentException(
                    $"QUBA needs a value for {d.DisplayName()} (weight {w} in '{weights.Name}'); measure it or give it weight 0.");
            if (!double.IsFinite(v))
                throw new ArgumentException($"QUBA input {d.DisplayName()} is {v}; it must be finite.");
            double mu = normalization.Mean[(int)d], sigma = normalization.Std[(int)d];
            double z = (v - mu) / sigma;
            double c = w * z / denominator;
            score += c;
            contributions.Add(new QubaContribution(d, v, mu, sigma, z, w, c));
        }
        return new QubaResult(score, contributions, weights.Name, normalization.Source);
    }

    /// <summary>Parameter count in millions rounded to 0.1, as the published table (spec 5.1 (9), 5.2 pitfall (c)).</summary>
    public static double ParametersInMillions(long parameterCount)
    {
        if (parameterCount < 0) throw new ArgumentException($"Parameter count {parameterCount} must be >= 0.");
        return Math.Round(parameterCount / 1e6, 1, MidpointRounding.AwayFromZero);
    }
}
