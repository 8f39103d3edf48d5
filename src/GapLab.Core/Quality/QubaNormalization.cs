namespace GapLab.Quality;

/// <summary>
/// Per-dimension mean and standard deviation used to z-score QUBA inputs (spec 5.2 step 1).
/// <see cref="Published"/> holds the study-wide constants; <see cref="FromPopulation"/> derives them from the user's own models.
/// </summary>
public sealed record QubaNormalization
{
    /// <summary>Where the constants come from, recorded in every <see cref="QubaResult"/>.</summary>
    public string Source { get; }
    /// <summary>Means in <see cref="QualityDimension"/> order (9 values).</summary>
    public IReadOnlyList<double> Mean { get; }
    /// <summary>Standard deviations in <see cref="QualityDimension"/> order (9 values, all &gt; 0).</summary>
    public IReadOnlyList<double> Std { get; }

    public QubaNormalization(string source, IReadOnlyList<double> mean, IReadOnlyList<double> std)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        int n = QualityDimensions.All.Count;
        if (mean.Count != n || std.Count != n)
            throw new ArgumentException($"QUBA normalisation '{source}' needs {n} means and {n} standard deviations (one per dimension), got {mean.Count} and {std.Count}.");
        for (int i = 0; i < n; i++)
        {
            var d = (QualityDimension)i;
            if (!double.IsFinite(mean[i]))
                throw new ArgumentException($"QUBA normalisation '{source}': mean of {d.DisplayName()} is {mean[i]}; it must be finite.");
            if (!double.IsFinite(std[i]) || std[i] <= 0)
                throw new ArgumentException($"QUBA normalisation '{source}': standard deviation of {d.DisplayName()} is {std[i]}; it must be finite and > 0.");
        }
        Source = source;
        Mean = mean.ToArray();
        Std = std.ToArray();
    }

    /// <summary>The fixed study-wide constants from the reference code and project page (spec 5.2); they come from a pool of 262 models.</summary>
    public static QubaNormalization Published { get; } = new(
        "published (Hesse et al. 2025, 262-model pool)",
        [0.7990557251908397, 0.18583778826016084, 0.5298791080592711, 0.5664841617855405,
         0.004479927389289115, 0.783356376851669, 0.9286352601551336, 0.30548520497464765, 55.28778625954198],
        [0.034685710545946026, 0.11083062192390095, 0.23383978329969085, 0.14548627504237352,
         0.0026752085291489288, 0.024047971612660052, 0.017724144886557092, 0.08354531823072534, 42.8890536095964]);

    /// <summary>
    /// Mean and population standard deviation (ddof = 0, as np.std) of each dimension over the user's own models.
    /// A dimension with exactly one model, or zero spread, cannot be z-scored and is rejected; a dimension no model has
    /// gets placeholder 0/1 (named in <see cref="Source"/>) and must carry weight 0.
    /// </summary>
    public static QubaNormalization FromPopulation(IReadOnlyList<IReadOnlyDictionary<QualityDimension, double>> models, string name)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        int n = QualityDimensions.All.Count;
        var mean = new double[n];
        var std = new double[n];
        var unmeasured = new List<string>();
        for (int i = 0; i < n; i++)
        {
            var d = (QualityDimension)i;
            var values = models.Where(m => m.ContainsKey(d)).Select(m => m[d]).ToArray();
            if (values.Length == 0)
            {
                // No model measured it (e.g. the ImageNet-only dimensions): placeholder 0/1; QubaScore rejects it unless its weight is 0.
                mean[i] = 0;
                std[i] = 1;
                unmeasured.Add(d.DisplayName());
                continue;
            }
            if (values.Length < 2)
                throw new ArgumentException($"Population '{name}' has {values.Length} model(s) with a value for {d.DisplayName()}; at least 2 are needed to z-score it.");
            if (values.Any(v => !double.IsFinite(v)))
                throw new ArgumentException($"Population '{name}' has a non-finite {d.DisplayName()} value.");
            mean[i] = values.Average();
            std[i] = Math.Sqrt(values.Sum(v => (v - mean[i]) * (v - mean[i])) / values.Length);
            if (std[i] <= 0)
                throw new ArgumentException($"Population '{name}': all {values.Length} models have the same {d.DisplayName()} ({values[0]}), so it cannot be z-scored; give it weight 0 with a published normalisation or add models.");
        }
        string missing = unmeasured.Count == 0 ? "" : $"; unmeasured (weight 0 required): {string.Join(", ", unmeasured)}";
        return new QubaNormalization($"population '{name}' ({models.Count} models, ddof=0{missing})", mean, std);
    }
}
