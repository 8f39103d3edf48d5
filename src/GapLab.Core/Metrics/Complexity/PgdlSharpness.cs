using static TorchSharp.torch;

namespace GapLab.Metrics.Complexity;

/// <summary>
/// PGDL sharpness baseline: binary search of m in [0, 0.5] for which, after SGD steps that minimise the cross-entropy with every
/// weight clipped to [w - m|w|, w + m|w|], the deviation 1 - min accuracy over restarts is 0.1 +- 0.01.
/// Source: PGDL starting-kit baseline (spec metrics.md 2.7; it minimises the loss inside the box, as written there).
/// </summary>
public static class PgdlSharpness
{
    /// <summary>
    /// Runs the search on <paramref name="target"/>: <see cref="MeasureOptions.PgdlSharpnessIterations"/> candidates at most,
    /// <see cref="MeasureOptions.SharpnessRestarts"/> restarts (the rest skipped once accuracy is below 0.8) of
    /// <see cref="MeasureOptions.PgdlSharpnessSteps"/> SGD steps (lr 1e-3, batches of 64 drawn with a generator seeded by
    /// <paramref name="seed"/>); accuracy on all of the target's examples.
    /// </summary>
    public static SearchResult Run(PerturbedModel target, MeasureOptions options, long seed, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        const double LearningRate = 1e-3, Upper = 0.5;
        const int Batch = 64;
        using var generator = new Generator((ulong)seed, CPU);
        double lower = 0, upper = Upper, m = Upper / 2, deviation = double.NaN;
        int iteration = 0;
        bool converged = false;
        long n = target.X.shape[0];
        try
        {
            for (; iteration < options.PgdlSharpnessIterations && upper - lower > 1e-5; iteration++)
            {
                ct.ThrowIfCancellationRequested();
                m = (lower + upper) / 2;
                double minAccuracy = 1;
                for (int restart = 0; restart < options.SharpnessRestarts && minAccuracy >= 0.8; restart++)
                {
                    using var scope = NewDisposeScope();
                    target.Reset();
                    for (int step = 0; step < options.PgdlSharpnessSteps; step++)
                    {
                        using var stepScope = NewDisposeScope();
                        var idx = randint(n, [Math.Min(Batch, n)], generator: generator).to(target.X.device);
                        target.Model.zero_grad();
                        var loss = nn.functional.cross_entropy(target.Model.forward(target.X.index_select(0, idx)), target.Y.index_select(0, idx));
                        loss.backward();
                        using var noGrad = no_grad();
                        for (int i = 0; i < target.Parameters.Length; i++)
                        {
                            var p = target.Parameters[i];
                            if (p.grad is { } g) p.sub_(g * LearningRate);
                            var w = target.Originals[i];
                            var radius = w.abs() * m;
                            p.copy_(p.clamp(w - radius, w + radius));
                        }
                    }
                    minAccuracy = Math.Min(minAccuracy, target.Accuracy());
                }
                deviation = 1 - minAccuracy;
                if (Math.Abs(deviation - options.TargetDeviation) < options.DeviationTolerance) { converged = true; iteration++; break; }
                if (deviation > options.TargetDeviation) upper = m; else lower = m;
            }
        }
        finally
        {
            target.Model.zero_grad();
            target.Reset();
        }
        return new SearchResult(m, deviation, iteration, converged);
    }
}
