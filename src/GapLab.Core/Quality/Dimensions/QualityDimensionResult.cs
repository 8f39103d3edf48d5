namespace GapLab.Quality;

/// <summary>
/// One measured quality dimension, or why it could not be measured. <see cref="Value"/> is null exactly when <see cref="UnavailableReason"/> is set;
/// <see cref="Method"/> names the formula/protocol actually used (e.g. input space, bins, population).
/// </summary>
public sealed record QualityDimensionResult(QualityDimension Dimension, double? Value, string Method, string? UnavailableReason)
{
    public bool IsAvailable => Value.HasValue;
    public bool HigherIsBetter => QualityDimensions.HigherIsBetter(Dimension);
    public string Name => QualityDimensions.DisplayName(Dimension);

    public static QualityDimensionResult Measured(QualityDimension dimension, double value, string method)
    {
        if (!double.IsFinite(value)) throw new ArgumentException($"{QualityDimensions.DisplayName(dimension)}: measured value must be finite; got {value}.", nameof(value));
        return new(dimension, value, method, null);
    }

    /// <summary>A dimension that needs data or a model this run does not have; <paramref name="reason"/> says what ("not available: needs X").</summary>
    public static QualityDimensionResult NotAvailable(QualityDimension dimension, string reason) =>
        new(dimension, null, "not measured", $"not available: {reason}");
}
