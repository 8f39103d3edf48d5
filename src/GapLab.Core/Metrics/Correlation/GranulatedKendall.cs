namespace GapLab.Metrics.Correlation;

/// <summary>psi_i for one hyperparameter: the mean Kendall tau over the <see cref="Groups"/> settings of the other hyperparameters.</summary>
public sealed record AxisKendall(string Hyperparameter, double Psi, int Groups);

/// <summary>Psi = mean of the per-axis psi_i; <see cref="OverallTau"/> is tau over all configurations; the interval resamples groups within each axis.</summary>
public sealed record GranulatedKendallResult(double Psi, IReadOnlyList<AxisKendall> Axes, double OverallTau, int Configurations,
    KendallVariant Variant, BootstrapEstimate? PsiInterval);

/// <summary>
/// Granulated Kendall coefficient: psi_i = (1/m_i) Σ_{θ_-i} tau({(mu(θ), g(θ)) : θ_i varies, θ_-i fixed}), Psi = (1/n) Σ_i psi_i.
/// Source: Jiang et al. (2020) "Fantastic generalization measures and where to find them", §3 (spec 3.2).
/// </summary>
public static class GranulatedKendall
{
    /// <summary>
    /// Repeated seeds are averaged per configuration first. Groups with fewer than 2 configurations are skipped, and an axis
    /// with no such group (a hyperparameter that never varies) is left out of Psi. A tau-b that is undefined (one side
    /// constant inside a group) counts as 0. <paramref name="resamples"/> = 0 skips the bootstrap interval.
    /// </summary>
    public static GranulatedKendallResult Compute(IReadOnlyList<PopulationMember> population, KendallVariant variant = KendallVariant.TauA,
        int resamples = 1000, int seed = 0, double confidence = 0.95)
    {
        var grid = HyperparameterLevels.From(population).AveragedPerConfiguration();
        if (grid.Count < 2)
            throw new ArgumentException($"population has {grid.Count} distinct configuration(s): accepted at least 2.", nameof(population));
        var axisTaus = new List<(string Axis, double[] Taus)>();
        for (int axis = 0; axis < grid.Axes.Length; axis++)
        {
            var taus = new List<double>();
            var groups = Enumerable.Range(0, grid.Count)
                .GroupBy(m => string.Join(",", grid.Levels[m].Select((level, a) => a == axis ? -1 : level)));
            foreach (var group in groups)
            {
                var members = group.ToArray();
                if (members.Length < 2) continue;
                double tau = KendallTau.Compute(members.Select(m => grid.Measures[m]).ToArray(), members.Select(m => grid.Gaps[m]).ToArray(), variant);
                taus.Add(double.IsNaN(tau) ? 0 : tau);
            }
            if (taus.Count > 0) axisTaus.Add((grid.Axes[axis], taus.ToArray()));
        }
        if (axisTaus.Count == 0)
            throw new ArgumentException("no hyperparameter varies with the others held fixed: accepted a population where at least one " +
                "hyperparameter takes 2+ values at some fixed setting of the rest.", nameof(population));

        double psi = axisTaus.Average(a => a.Taus.Average());
        double overall = KendallTau.Compute(grid.Measures, grid.Gaps, variant);
        BootstrapEstimate? interval = resamples == 0 ? null : BootstrapInterval.FromReplicates(psi, rng =>
            axisTaus.Average(a =>
            {
                double s = 0;
                for (int k = 0; k < a.Taus.Length; k++) s += a.Taus[rng.Next(a.Taus.Length)];
                return s / a.Taus.Length;
            }), resamples, seed, confidence);
        return new GranulatedKendallResult(psi, axisTaus.Select(a => new AxisKendall(a.Axis, a.Taus.Average(), a.Taus.Length)).ToArray(),
            overall, grid.Count, variant, interval);
    }
}
