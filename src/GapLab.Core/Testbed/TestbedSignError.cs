namespace GapLab.Testbed;

/// <summary>
/// One row of the SE_g table (Huang et al. 2025, Table 3): the mean sign error of <paramref name="Measure"/> against the generalization
/// bound (f1, mean per-class error) and against the 10th-percentile statistic (f5) along <paramref name="Axis"/> ("zero_shot" or "ssim"),
/// over <paramref name="Pairs"/> (model pair, axis level) comparisons at <paramref name="Levels"/> levels. 0 = the measure orders every pair
/// of models as the practical statistic does, 0.5 = chance, 1 = the opposite order. NaN with a <paramref name="Note"/> when there is
/// no pair to compare (fewer than two backbones, or the measure is NaN).
/// </summary>
public sealed record TestbedSignError(string Axis, string Measure, double GeneralizationBound, double P10, int Levels, int Pairs, string Note);
