namespace GapLab.Metrics.Correlation;

/// <summary>
/// Sign error of a measure on a pair of networks: SE = (1 - sign(mu1 - mu2)·sign(g1 - g2)) / 2, in [0, 1]; a tie gives 1/2.
/// Source: Dziugaite et al. (2020) "In search of robust measures of generalization", §4 (spec 3.4).
/// </summary>
public static class SignError
{
    /// <summary>SE of one pair.</summary>
    public static double Of(double measure1, double measure2, double gap1, double gap2) =>
        (1 - Math.Sign(measure1 - measure2) * Math.Sign(gap1 - gap2)) / 2.0;

    /// <summary>Mean SE over all unordered pairs; equals (1 - tau-a)/2 when neither variable has ties.</summary>
    public static double MeanOverPairs(IReadOnlyList<double> measures, IReadOnlyList<double> gaps)
    {
        KendallTau.PairCounts.Validate(measures, gaps);
        double sum = 0;
        long pairs = 0;
        for (int i = 0; i < measures.Count; i++)
            for (int j = i + 1; j < measures.Count; j++, pairs++)
                sum += Of(measures[i], measures[j], gaps[i], gaps[j]);
        return sum / pairs;
    }
}
