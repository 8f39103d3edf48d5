using static TorchSharp.torch;

namespace GapLab.Metrics.Complexity;

/// <summary>
/// Worst-case sharpness alpha': binary search of alpha in [0, max] for which max_{|u_j| &lt;= b_j} (accuracy drop of w + u) is
/// 0.1 +- 0.01, b_j = alpha (magnitude-aware: alpha |w_j| + eps). Source: Jiang et al. 2020 "Fantastic" sharpness; spec metrics.md 2.5.
/// </summary>
/// <remarks>
/// The inner maximum is approximated by projected sign-gradient ascent on the cross-entropy: R restarts from u ~ U(-b/2, b/2),
/// S steps of size 2.5 b / S (one batch of the examples each, cycling), clipped to the box after every step; the worst final
/// accuracy over restarts counts. This is a budgeted lower bound of the true worst case.
/// </remarks>
public static class WorstCaseSharpness
{
    /// <summary>Runs the search on <paramref name="target"/> with random starts from a CPU generator seeded with <paramref name="seed"/>.</summary>
    public static SearchResult Run(PerturbedModel target, bool magnitudeAware, MeasureOptions options, long seed, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        using var generator = new Generator((ulong)seed, CPU);
        double lower = 0, upper = options.SearchMax, alpha = upper / 2, deviation = double.NaN;
        int iteration = 0;
        bool converged = false;
        long n = target.X.shape[0];
        long batch = Math.Min(n, options.BatchSize);
        try
        {
            for (; iteration < options.SharpnessDepth; iteration++)
            {
                ct.ThrowIfCancellationRequested();
                alpha = (lower + upper) / 2;
                double worst = target.BaseAccuracy;
                long cursor = 0;
                for (int restart = 0; restart < options.SharpnessRestarts; restart++)
                {
                    using var scope = NewDisposeScope();
                    var bounds = target.Originals.Select(w => magnitudeAware ? w.abs() * alpha + options.MagnitudeEpsilon : full_like(w, alpha)).ToArray();
                    var u = bounds.Select(b => (rand(b.shape, ScalarType.Float32, generator: generator).to(b.dtype, b.device) - 0.5) * b).ToArray();
                    for (int step = 0; step < options.SharpnessSteps; step++)
                    {
                        using var stepScope = NewDisposeScope();
                        target.Set(u);
                        long start = cursor % n, len = Math.Min(batch, n - start);
                        cursor = start + len;
                        target.Model.zero_grad();
                        var loss = nn.functional.cross_entropy(target.Model.forward(target.X.narrow(0, start, len)), target.Y.narrow(0, start, len));
                        loss.backward();
                        using var noGrad = no_grad();
                        for (int i = 0; i < u.Length; i++)
                        {
                            if (target.Parameters[i].grad is not { } g) continue;
                            var next = (u[i] + g.sign() * bounds[i] * (2.5 / options.SharpnessSteps)).clamp(-bounds[i], bounds[i]);
                            u[i].copy_(next);
                        }
                    }
                    target.Set(u);
                    worst = Math.Min(worst, target.Accuracy());
                }
                deviation = target.BaseAccuracy - worst;
                if (Math.Abs(deviation - options.TargetDeviation) < options.DeviationTolerance) { converged = true; iteration++; break; }
                if (deviation > options.TargetDeviation) upper = alpha; else lower = alpha;
            }
        }
        finally
        {
            target.Model.zero_grad();
            target.Reset();
        }
        return new SearchResult(alpha, deviation, iteration, converged);
    }
}
