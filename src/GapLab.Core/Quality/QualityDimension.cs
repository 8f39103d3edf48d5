namespace GapLab.Quality;

/// <summary>
/// The nine quality dimensions of Hesse et al. 2025 "Beyond Accuracy" (spec 5.1), in the QUBA order (spec 5.2).
/// </summary>
public enum QualityDimension
{
    Accuracy = 0,
    AdversarialRobustness = 1,
    CorruptionRobustness = 2,
    OodRobustness = 3,
    CalibrationError = 4,
    ClassBalance = 5,
    ObjectFocus = 6,
    ShapeBias = 7,
    Parameters = 8,
}

/// <summary>Names and preferred directions of <see cref="QualityDimension"/>.</summary>
public static class QualityDimensions
{
    /// <summary>All nine dimensions in QUBA order.</summary>
    public static IReadOnlyList<QualityDimension> All { get; } = Enum.GetValues<QualityDimension>();

    /// <summary>The column name used on the project page and in the published data table.</summary>
    public static string DisplayName(this QualityDimension d) => d switch
    {
        QualityDimension.Accuracy => "Accuracy",
        QualityDimension.AdversarialRobustness => "Adversarial Robustness",
        QualityDimension.CorruptionRobustness => "Corruption Robustness",
        QualityDimension.OodRobustness => "OOD Robustness",
        QualityDimension.CalibrationError => "Calibration Error",
        QualityDimension.ClassBalance => "Class Balance",
        QualityDimension.ObjectFocus => "Object Focus",
        QualityDimension.ShapeBias => "Shape Bias",
        QualityDimension.Parameters => "Parameters",
        _ => throw new ArgumentOutOfRangeException(nameof(d), d, "Unknown quality dimension."),
    };

    /// <summary>True when a larger value is better (all but calibration error and parameter count).</summary>
    public static bool HigherIsBetter(this QualityDimension d) =>
        d is not (QualityDimension.CalibrationError or QualityDimension.Parameters);

    /// <summary>Parses a display name ("Class Balance"; "Fairness" is accepted as its arXiv v1 name) or an enum name.</summary>
    public static QualityDimension Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var d in All)
            if (string.Equals(d.DisplayName(), name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(d.ToString(), name, StringComparison.OrdinalIgnoreCase))
                return d;
        if (string.Equals(name, "Fairness", StringComparison.OrdinalIgnoreCase)) return QualityDimension.ClassBalance;
        throw new FormatException(
            $"Unknown quality dimension '{name}'. Accepted: {string.Join(", ", All.Select(x => $"'{x.DisplayName()}'"))}.");
    }
}
