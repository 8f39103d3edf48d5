namespace GapLab.Quality;

/// <summary>
/// Signed QUBA weights, one per <see cref="QualityDimension"/> (spec 5.2 step 2). QUBA = sum w_i z_i / sum |w_i|;
/// a negative weight prefers lower values, a zero weight drops the dimension.
/// </summary>
public sealed record QubaWeights
{
    /// <summary>Weights in <see cref="QualityDimension"/> order.</summary>
    public IReadOnlyList<double> Values { get; }
    public string Name { get; }

    public QubaWeights(string name, IReadOnlyList<double> values)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(values);
        int n = QualityDimensions.All.Count;
        if (values.Count != n)
            throw new ArgumentException($"QUBA weights '{name}' need {n} values (order: {string.Join(", ", QualityDimensions.All.Select(d => d.DisplayName()))}), got {values.Count}.");
        for (int i = 0; i < n; i++)
            if (!double.IsFinite(values[i]))
                throw new ArgumentException($"QUBA weight of {((QualityDimension)i).DisplayName()} is {values[i]}; it must be finite.");
        if (values.All(v => v == 0))
            throw new ArgumentException($"QUBA weights '{name}' are all zero; at least one dimension needs a non-zero weight.");
        Name = name;
        Values = values.ToArray();
    }

    public double this[QualityDimension d] => Values[(int)d];

    /// <summary>Sum of |w_i|, the QUBA denominator.</summary>
    public double AbsoluteSum => Values.Sum(Math.Abs);

    /// <summary>The paper's default: [1, 1/3, 1/3, 1/3, -1, 1, 1/2, 1/2, -1] (robustness dimensions share one unit, shape bias and object focus share one).</summary>
    public static QubaWeights Default { get; } = new("default", [1, 1.0 / 3, 1.0 / 3, 1.0 / 3, -1, 1, 0.5, 0.5, -1]);

    /// <summary>User weights by dimension; dimensions not named get weight 0.</summary>
    public static QubaWeights FromDictionary(IReadOnlyDictionary<QualityDimension, double> weights, string name = "custom")
    {
        ArgumentNullException.ThrowIfNull(weights);
        var v = new double[QualityDimensions.All.Count];
        foreach (var (d, w) in weights) v[(int)d] = w;
        return new QubaWeights(name, v);
    }
}
