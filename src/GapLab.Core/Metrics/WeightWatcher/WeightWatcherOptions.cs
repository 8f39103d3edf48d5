namespace GapLab.Metrics.WeightWatcher;

/// <summary>
/// WeightWatcher defaults (current HEAD): skip layers with fewer than 10 or more than 15,000 pooled eigenvalues (M x slices) or N &gt; 50,000;
/// drop eigenvalues below 1e-5 before fitting; conv2d_norm = true scales Conv2d eigenvalues by conv2d_count/2 = 0.5; no 1/N normalisation.
/// </summary>
public sealed record WeightWatcherOptions(int MinEvals = 10, int MaxEvals = 15_000, int MaxN = 50_000, double EigenvalueFloor = 1e-5,
    bool Conv2dNormalization = true)
{
    internal void Validate()
    {
        if (MinEvals < 2) throw new ArgumentException($"MinEvals = {MinEvals} is invalid: accepted >= 2 (WeightWatcher default 10, README recommends 50).", nameof(MinEvals));
        if (MaxEvals < MinEvals) throw new ArgumentException($"MaxEvals = {MaxEvals} is invalid: accepted >= MinEvals ({MinEvals}).", nameof(MaxEvals));
        if (MaxN < 1) throw new ArgumentException($"MaxN = {MaxN} is invalid: accepted a positive size.", nameof(MaxN));
        if (!(EigenvalueFloor >= 0)) throw new ArgumentException($"EigenvalueFloor = {EigenvalueFloor} is invalid: accepted >= 0 (default 1e-5).", nameof(EigenvalueFloor));
    }
}
