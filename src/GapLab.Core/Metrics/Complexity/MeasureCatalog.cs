namespace GapLab.Metrics.Complexity;

/// <summary>
/// Every complexity measure GapLab computes: the 24 Fantastic-numbered measures of Dziugaite et al. 2020 (PARAMS ...
/// PACBAYES_MAG_FLATNESS), L2 and L2_DIST, the exact-spectral *_FFT variants, worst-case sharpness, the optimisation-based
/// measures and the PGDL baselines, each defined with its formula in its family under Measures/. Source: spec metrics.md 2.2-2.7.
/// </summary>
public static class MeasureCatalog
{
    public const string Trivial = "trivial", W = "W", F = "F", WF = "W+F", S = "S", T = "T";

    /// <summary>The catalogue in report order: every measure of every registered <see cref="MeasureFamily"/>, by <see cref="MeasureInfo.Order"/>.</summary>
    public static IReadOnlyList<MeasureInfo> All { get; } = MeasureRegistry.Families.SelectMany(f => f.Measures).OrderBy(m => m.Order).ToArray();

    /// <summary>All measure names in report order.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(m => m.Name).ToArray();

    /// <summary>Measures that need no perturbation search or training trace (norms, margins, path norm, PGDL baselines), comma-separated.</summary>
    public static string Cheap => string.Join(",", All.Where(m => m.Cost is Trivial or W or F or WF).Select(m => m.Name));

    /// <summary>The catalogue entry of <paramref name="name"/> (case-insensitive).</summary>
    public static MeasureInfo Get(string name) =>
        All.FirstOrDefault(m => string.Equals(m.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown complexity measure '{name}'. Known measures: all, cheap, {string.Join(", ", Names)}.");

    /// <summary>The measures selected by "all", "cheap" (<see cref="Cheap"/>) or a comma-separated list of names, in catalogue order.</summary>
    public static IReadOnlyList<MeasureInfo> Select(string? selection)
    {
        if (string.IsNullOrWhiteSpace(selection))
            throw new ArgumentException($"No measures selected: use 'all', 'cheap' or a comma-separated list of {string.Join(", ", Names)}.");
        if (selection.Trim().Equals("all", StringComparison.OrdinalIgnoreCase)) return All;
        if (selection.Trim().Equals("cheap", StringComparison.OrdinalIgnoreCase)) selection = Cheap;
        var chosen = selection.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Get).ToHashSet();
        return All.Where(chosen.Contains).ToArray();
    }
}
