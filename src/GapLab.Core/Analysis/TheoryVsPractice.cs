using GapLab.Metrics.Correlation;
using GapLab.IO;

namespace GapLab.Analysis;

/// <summary>
/// One trained model of a population: its hyperparameters (seed excluded; a member may lack a parameter of another model family),
/// its measured gap, every measure value and the size of the test set its gap was measured on (0 = not recorded).
/// </summary>
public sealed record PopulationRun(string RunId, IReadOnlyDictionary<string, double> Hyperparameters, double Gap, IReadOnlyDictionary<string, double> Measures,
    int TestSize = 0)
{
    /// <summary>Measures whose value for this run is a search bound (<see cref="GapLab.Metrics.Complexity.MeasureValue.AtBound"/>): left out of their correlation.</summary>
    public IReadOnlySet<string> BoundMeasures { get; init; } = new HashSet<string>();
}

/// <summary>How well one complexity measure predicts the measured generalization gap across a population (a row of the correlation table).</summary>
public sealed record MeasureCorrelation(
    string Measure, int Models, double KendallTau, double KendallTauLow, double KendallTauHigh, double Spearman,
    double Psi, string PsiPerAxis, double SignError, double Cmi, int RobustEnvironments, double RobustSignErrorMean,
    double RobustSignErrorP90, double RobustSignErrorMax, int Resamples, int Seed, int TestSetSize = 0, string Note = "");

/// <summary>
/// Theory vs practice (Jiang et al. 2020, Fantastic Generalization Measures): for each measure, Kendall tau-b with a seeded
/// bootstrap interval (none when resamples = 0), Spearman rho, granulated Kendall Psi (tau-a per hyperparameter axis), the mean pairwise sign error,
/// PGDL's conditional mutual information and Dziugaite et al.'s robust sign error (mean, 90th percentile, max over
/// environments differing in one hyperparameter that pass the ESS >= 12 filter, so it needs many seeds per configuration;
/// NaN with 0 environments otherwise). Ranked by tau; a measure that is constant over the population, or finite for fewer than 3
/// models, is listed last with NaN statistics and a <see cref="MeasureCorrelation.Note"/> saying why. A value that is a search
/// bound (<see cref="PopulationRun.BoundMeasures"/>) is censored, not a number that ranks: its model is left out of that measure's
/// statistics, and the note says how many were.
/// </summary>
public static class TheoryVsPractice
{
    /// <summary>
    /// <paramref name="testSetSize"/>: n of the robust sign error's noise weights; null = the runs' own test-set size
    /// (<see cref="PopulationRun.TestSize"/>), which must be recorded and the same for every run.
    /// </summary>
    public static IReadOnlyList<MeasureCorrelation> Correlate(IReadOnlyList<PopulationRun> population, int resamples = 1000, int seed = 0, int? testSetSize = null)
    {
        ArgumentNullException.ThrowIfNull(population);
        if (population.Count < 3) throw new ArgumentException($"a correlation needs at least 3 models; the population has {population.Count}.");
        int n = testSetSize ?? RecordedTestSetSize(population);
        var names = population.SelectMany(r => r.Measures.Keys).Distinct().Order(StringComparer.Ordinal).ToArray();
        var rows = new List<MeasureCorrelation>();
        foreach (var name in names)
        {
            var finite = population.Where(r => r.Measures.TryGetValue(name, out var v) && double.IsFinite(v) && double.IsFinite(r.Gap)).ToArray();
            var members = finite.Where(r => !r.BoundMeasures.Contains(name)).ToArray();
            int bounds = finite.Length - members.Length;
            string boundNote = bounds == 0 ? "" : $"{bounds} of {population.Count} models' values are search bounds (not values that rank): left out";
            var m = members.Select(r => r.Measures[name]).ToArray();
            var g = members.Select(r => r.Gap).ToArray();
            string? unranked = members.Length < 3 ? $"finite{(bounds > 0 ? " and not a bound" : "")} for {members.Length} of {population.Count} models: no correlation" + (bounds > 0 ? $" ({boundNote})" : "")
                : m.Distinct().Count() < 2 ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"constant over the population ({m[0]:G6}): ranks nothing")
                : null;
            if (unranked is not null)
            {
                rows.Add(new MeasureCorrelation(name, members.Length, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, "", double.NaN, double.NaN,
                    0, double.NaN, double.NaN, double.NaN, resamples, seed, n, unranked));
                continue;
            }
            var tau = resamples == 0 ? new BootstrapEstimate(KendallTau.Compute(m, g, KendallVariant.TauB), double.NaN, double.NaN, 0, seed, 0.95)
                : KendallTau.WithInterval(m, g, KendallVariant.TauB, resamples, seed);
            var pop = members.Select(r => new PopulationMember(r.Hyperparameters, r.Measures[name], r.Gap)).ToArray();
            double psi = double.NaN, cmi = double.NaN;
            string axes = "";
            SignErrorSummary? robust = null;
            if (pop[0].Hyperparameters.Count > 0)
            {
                var gk = GranulatedKendall.Compute(pop, KendallVariant.TauA, resamples: 0, seed: seed);
                psi = gk.Psi;
                axes = string.Join(";", gk.Axes.Select(a => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{a.Hyperparameter}={a.Psi:0.###}")));
                cmi = ConditionalMutualInformation.Compute(pop).Score;
                try { robust = RobustSignError.Compute(pop, new RobustSignErrorOptions(TestSetSize: n, Resamples: 0, Seed: seed)).All; }
                catch (ArgumentException) { robust = null; } // no environment differs in exactly one hyperparameter
            }
            rows.Add(new MeasureCorrelation(name, members.Length, tau.Estimate, tau.Low, tau.High, SpearmanRho.Compute(m, g),
                psi, axes, SignError.MeanOverPairs(m, g), cmi, robust?.Environments ?? 0, robust?.Mean ?? double.NaN,
                robust?.Percentile90 ?? double.NaN, robust?.Max ?? double.NaN, resamples, seed, n, boundNote));
        }
        return rows.OrderByDescending(r => double.IsNaN(r.KendallTau) ? double.NegativeInfinity : r.KendallTau).ToArray();
    }

    /// <summary>The single test-set size of the runs; mixed or unrecorded sizes are refused (the noise weights need one n).</summary>
    public static int RecordedTestSetSize(IReadOnlyList<PopulationRun> population)
    {
        var unrecorded = population.FirstOrDefault(r => r.TestSize <= 0);
        if (unrecorded is not null)
            throw new ArgumentException($"run '{unrecorded.RunId}' does not record its test-set size: set PopulationRun.TestSize or pass testSetSize.");
        var sizes = population.Select(r => r.TestSize).Distinct().Order().ToArray();
        if (sizes.Length > 1)
            throw new ArgumentException($"the runs were tested on sets of different sizes ({string.Join(", ", sizes)}): the robust sign error's " +
                "noise weights need one test-set size; correlate runs of one test set.");
        return sizes[0];
    }

    /// <summary>The same table as a DataFrame (one row per measure, ranked), for notebooks.</summary>
    public static Microsoft.Data.Analysis.DataFrame CorrelationFrame(IReadOnlyList<PopulationRun> population, int resamples = 1000, int seed = 0, int? testSetSize = null) =>
        RecordFrame.ToDataFrame(Correlate(population, resamples, seed, testSetSize));
}
