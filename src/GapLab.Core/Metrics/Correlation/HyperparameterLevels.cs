namespace GapLab.Metrics.Correlation;

/// <summary>
/// A population's hyperparameters as integer levels: axes are the union of every member's names, sorted; values that are
/// numpy-isclose (|a - b| &lt;= 1e-8 + 1e-5·|b|) share a level, as Dziugaite et al. compare float hyperparameters. A member
/// without an axis (a parameter of another model family) sits on that axis's "absent" level 0, whose LevelValues entry is NaN.
/// </summary>
internal sealed class HyperparameterLevels
{
    public required string[] Axes { get; init; }
    /// <summary>Levels[member][axis] = index into LevelValues[axis].</summary>
    public required int[][] Levels { get; init; }
    public required double[][] LevelValues { get; init; }
    public required double[] Measures { get; init; }
    public required double[] Gaps { get; init; }

    public int Count => Measures.Length;
    public int LevelCount(int axis) => LevelValues[axis].Length;

    public static bool IsClose(double a, double b) => Math.Abs(a - b) <= 1e-8 + 1e-5 * Math.Abs(b);

    public static HyperparameterLevels From(IReadOnlyList<PopulationMember> population, int minimumMembers = 2)
    {
        ArgumentNullException.ThrowIfNull(population);
        if (population.Count < minimumMembers)
            throw new ArgumentException($"population has {population.Count} members: accepted at least {minimumMembers}.", nameof(population));
        for (int m = 0; m < population.Count; m++)
            if (population[m] is null) throw new ArgumentException($"population[{m}] is null.", nameof(population));
        var axes = population.SelectMany(p => p.Hyperparameters.Keys).Distinct().OrderBy(k => k, StringComparer.Ordinal).ToArray();
        if (axes.Length == 0)
            throw new ArgumentException("no member has a hyperparameter: accepted members with at least one named hyperparameter.", nameof(population));
        for (int m = 0; m < population.Count; m++)
        {
            var p = population[m];
            if (!double.IsFinite(p.Measure)) throw new ArgumentException($"population[{m}].Measure = {p.Measure} is invalid: accepted finite numbers.", nameof(population));
            if (!double.IsFinite(p.Gap)) throw new ArgumentException($"population[{m}].Gap = {p.Gap} is invalid: accepted finite numbers.", nameof(population));
            foreach (var (k, v) in p.Hyperparameters)
                if (!double.IsFinite(v)) throw new ArgumentException($"population[{m}].Hyperparameters[\"{k}\"] = {v} is invalid: accepted finite numbers.", nameof(population));
        }
        var levelValues = new double[axes.Length][];
        var levels = new int[population.Count][];
        for (int m = 0; m < population.Count; m++) levels[m] = new int[axes.Length];
        for (int a = 0; a < axes.Length; a++)
        {
            string axis = axes[a];
            bool anyAbsent = population.Any(p => !p.Hyperparameters.ContainsKey(axis));
            var sorted = population.Where(p => p.Hyperparameters.ContainsKey(axis)).Select(p => p.Hyperparameters[axis]).Distinct().Order().ToArray();
            var reps = new List<double>();
            foreach (var v in sorted)
                if (reps.Count == 0 || !IsClose(v, reps[^1])) reps.Add(v);
            int offset = anyAbsent ? 1 : 0;
            levelValues[a] = anyAbsent ? [double.NaN, .. reps] : reps.ToArray();
            for (int m = 0; m < population.Count; m++)
            {
                if (!population[m].Hyperparameters.TryGetValue(axis, out var v)) { levels[m][a] = 0; continue; }
                int idx = reps.BinarySearch(v);
                if (idx < 0) idx = ~idx - 1; // the cluster whose first (smallest) value is the largest one <= v
                levels[m][a] = idx + offset;
            }
        }
        return new HyperparameterLevels
        {
            Axes = axes, Levels = levels, LevelValues = levelValues,
            Measures = population.Select(p => p.Measure).ToArray(), Gaps = population.Select(p => p.Gap).ToArray(),
        };
    }

    /// <summary>Merges members with the same level on every axis, averaging mu and g (repeated seeds, spec 3.2).</summary>
    public HyperparameterLevels AveragedPerConfiguration()
    {
        var groups = Enumerable.Range(0, Count).GroupBy(m => string.Join(",", Levels[m])).ToArray();
        return new HyperparameterLevels
        {
            Axes = Axes, LevelValues = LevelValues,
            Levels = groups.Select(g => Levels[g.First()]).ToArray(),
            Measures = groups.Select(g => g.Average(m => Measures[m])).ToArray(),
            Gaps = groups.Select(g => g.Average(m => Gaps[m])).ToArray(),
        };
    }
}
