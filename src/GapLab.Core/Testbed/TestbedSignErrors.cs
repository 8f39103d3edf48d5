using GapLab.Metrics.Correlation;

namespace GapLab.Testbed;

/// <summary>
/// SE_g, the sign error between a complexity measure and the practical statistics (Huang et al. 2025, Table 3; Dziugaite et al. 2020, 3.4):
/// along an axis (zero-shot fraction or SSIM), at each level v, the practical statistic g of model i is the mean over its cells at v (the
/// other axis averaged); for every pair of models SE = (1 - sign(c_i - c_j) sign(g_i - g_j)) / 2 (<see cref="SignError.Of"/>, a tie = 1/2);
/// SE_g is the mean over all (level, pair). The reported values' multiples of 1/C(8,2) and 1/30 suggest this pairing; Huang et al. do not
/// state it, nor their p-value test, which GapLab does not compute.
/// </summary>
public static class TestbedSignErrors
{
    /// <summary>The measures Huang et al.'s Table 3 reports.</summary>
    public static IReadOnlyList<string> Table3Measures { get; } = ["INVERSE_MARGIN", "LOG_SUM_OF_FRO", "PARAM_NORM"];

    /// <summary>One row per (axis, measure): the zero-shot axis first, then SSIM, measures in the order first seen.</summary>
    public static IReadOnlyList<TestbedSignError> Compute(IReadOnlyList<TestbedCell> cells, IReadOnlyList<BackboneMeasure> measures)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(measures);
        var rows = new List<TestbedSignError>();
        var models = cells.Select(c => c.ModelIndex).Distinct().Order().ToArray();
        foreach (var (axis, key) in new (string, Func<TestbedCell, double>)[] { (TestbedMarginal.ZeroShotAxis, c => c.ZeroShotFraction), (TestbedMarginal.SsimAxis, c => c.SsimTarget) })
        {
            var levels = cells.Select(key).Distinct().Order().ToArray();
            foreach (var measure in measures.Select(m => m.Measure).Distinct())
            {
                var value = measures.Where(m => m.Measure == measure).ToDictionary(m => m.ModelIndex, m => m.Value);
                var usable = models.Where(m => value.TryGetValue(m, out var v) && double.IsFinite(v)).ToArray();
                if (usable.Length < 2)
                {
                    string why = models.Length < 2 ? "needs at least two backbones" : $"{measure} is finite for {usable.Length} of {models.Length} backbones";
                    rows.Add(new TestbedSignError(axis, measure, double.NaN, double.NaN, levels.Length, 0, why));
                    continue;
                }
                double bound = 0, p10 = 0;
                int pairs = 0;
                foreach (var level in levels)
                {
                    var atLevel = cells.Where(c => key(c) == level).ToArray();
                    double Mean(int model, Func<TestbedCell, double> f) => atLevel.Where(c => c.ModelIndex == model).Average(f);
                    for (int i = 0; i < usable.Length; i++)
                        for (int j = i + 1; j < usable.Length; j++, pairs++)
                        {
                            int a = usable[i], b = usable[j];
                            bound += SignError.Of(value[a], value[b], Mean(a, c => c.F1MeanError), Mean(b, c => c.F1MeanError));
                            p10 += SignError.Of(value[a], value[b], Mean(a, c => c.F5P10Error), Mean(b, c => c.F5P10Error));
                        }
                }
                string note = usable.Length < models.Length ? $"{models.Length - usable.Length} backbone(s) left out: {measure} is not finite there" : "";
                rows.Add(new TestbedSignError(axis, measure, bound / pairs, p10 / pairs, levels.Length, pairs, note));
            }
        }
        return rows;
    }
}
