namespace GapLab.Quality;

/// <summary>
/// Corruption-robustness dimension = mean_c [ mean_s acc(c,s) / acc_clean ] (a relative accuracy, not Hendrycks' mCE).
/// Source: Hesse et al. 2025, "Beyond Accuracy", spec 5.1(3).
/// </summary>
public static class CorruptionRobustness
{
    public static double MeanRelativeAccuracy(CorruptionAccuracyTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        table.Validate();
        if (!(table.CleanAccuracy > 0))
            throw new ArgumentException($"model '{table.ModelName}': mean relative accuracy needs a positive clean accuracy; got {table.CleanAccuracy}.");
        return table.Corruptions.Average(c => table.Severities(c).Average(s => table.Accuracy(c, s) / table.CleanAccuracy));
    }
}
