namespace GapLab.Metrics.Correlation;

/// <summary>
/// Binary Cohen's kappa from a 2x2 table: P0 = (TP+TN)/N, Pe = (TP+FN)(TP+FP)/N² + (FP+TN)(FN+TN)/N², kappa = (P0-Pe)/(1-Pe), 0 if Pe = 1.
/// Source: Cohen (1960); Huang, Yu, Zhang (2025) compute_fifth_kappa, per class one-vs-rest (spec 1.5).
/// </summary>
public static class CohenKappa
{
    /// <summary>Kappa of "class c vs rest" given its TP, FN, FP, TN counts.</summary>
    public static double OneVsRest(long tp, long fn, long fp, long tn)
    {
        if (tp < 0 || fn < 0 || fp < 0 || tn < 0)
            throw new ArgumentException($"counts TP={tp}, FN={fn}, FP={fp}, TN={tn} are invalid: accepted non-negative counts.", nameof(tp));
        double n = tp + fn + fp + tn;
        if (n == 0) throw new ArgumentException("TP+FN+FP+TN = 0: accepted at least one example.", nameof(tp));
        double p0 = (tp + tn) / n;
        double pe = (tp + fn) / n * ((tp + fp) / n) + (fp + tn) / n * ((fn + tn) / n);
        return pe == 1 ? 0 : (p0 - pe) / (1 - pe);
    }

    /// <summary>Multi-class kappa over the whole matrix: P0 = trace / N, Pe = sum_c row_c col_c / N^2 (the older Huang et al. global statistic).</summary>
    public static double Multiclass(ConfusionMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        double n = matrix.Total, p0 = 0, pe = 0;
        for (int c = 0; c < matrix.ClassCount; c++)
        {
            p0 += matrix[c, c] / n;
            pe += matrix.RowSum(c) / n * (matrix.ColumnSum(c) / n);
        }
        return pe == 1 ? 0 : (p0 - pe) / (1 - pe);
    }
}
