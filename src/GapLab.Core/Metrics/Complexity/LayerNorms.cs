namespace GapLab.Metrics.Complexity;

/// <summary>
/// Squared per-layer norms: fro = ||W||_F^2, spec = sigma_max(W reshaped)^2, specFft = exact conv operator norm^2, and the same
/// for W - W0 (null without initial weights). Source: spec metrics.md 2.1 and 2.4 (Dziugaite et al. 2020 measures.py).
/// </summary>
public sealed record LayerNorms(string Name, double Fro, double Spec, double SpecFft, double? DistFro, double? DistSpec, double? DistSpecFft);
