using GapLab.Metrics.Correlation;

namespace GapLab.Analysis;

/// <summary>One trained model of a population: its hyperparameters (seed excluded), its measured gap and every measure value.</summary>
public sealed record PopulationRun(string RunId, IReadOnlyDictionary<string, double> Hyperparameters, double Gap, IReadOnlyDictionary<string, double> Measures);

/// <summary>How well one complexity measure predicts the measured generalization gap across a population (a row of the correlation table).</summary>
public sealed record MeasureCorrelation(
    string Measure, int Models, double KendallTau, double KendallTauLow, double KendallTauHigh, double Spearman,
    double Psi, string PsiPerAxis, double SignError, int Resamples, int Seed);

/// <summary>
/// Theory vs practice (Jiang et al. 2020, Fantastic Generalization Measures): for each measure, Kendall tau-b with a seeded
/// bootstrap interval, Spearman rho, granulated Kendall Psi (tau-a per hyperparameter axis) and the mean pairwise sign error;
/// the table is ranked by tau (the measures that order models most like their gaps first).
/// </summary>
public static class TheoryVsPractice
{
    public static IReadOnlyList<MeasureCorrelation> Correlate(IReadOnlyList<PopulationRun> population, int resamples = 1000, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(population);
        if (population.Count < 3) throw new ArgumentException($"a correlation needs at least 3 models; the population has {population.Count}.");
        var names = population.SelectMany(r => r.Measures.Keys).Distinct().Order(StringComparer.Ordinal).ToArray();
        var rows = new List<MeasureCorrelation>();
        foreach (var name in names)
        {
            var members = population.Where(r => r.Measures.TryGetValue(name, out var v) && double.IsFinite(v) && double.IsFinite(r.Gap)).ToArray();
            if (members.Length < 3) continue;
            var m = members.Select(r => r.Measures[name]).ToArray();
            var g = members.Select(r => r.Gap).ToArray();
            if (m.Distinct().Count() < 2) continue; // a constant measure cannot rank anything
            var tau = KendallTau.WithInterval(m, g, KendallVariant.TauB, resamples, seed);
            var pop = members.Select(r => new PopulationMember(r.Hyperparameters, r.Measures[name], r.Gap)).ToArray();
            double psi = double.NaN;
            string axes = "";
            if (pop[0].Hyperparameters.Count > 0)
            {
                var gk = GranulatedKendall.Compute(pop, KendallVariant.TauA, resamples: 0, seed: seed);
                psi = gk.Psi;
                axes = string.Join(";", gk.Axes.Select(a => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{a.Hyperparameter}={a.Psi:0.###}")));
            }
            rows.Add(new MeasureCorrelation(name, members.Length, tau.Estimate, tau.Low, tau.High, SpearmanRho.Compute(m, g),
                psi, axes, SignError.MeanOverPairs(m, g), resamples, seed));
        }
        return rows.OrderByDescending(r => double.IsNaN(r.KendallTau) ? double.NegativeInfinity : r.KendallTau).ToArray();
    }
}
