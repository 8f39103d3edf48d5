using static TorchSharp.torch;

namespace GapLab.Metrics.Complexity;

/// <summary>
/// PGDL sharpness baseline: binary search of m in [0, 0.5] for which, after SGD steps that minimise the cross-entropy with every
/// weight clipped to [w - m|w|, w + m|w|], the deviation 1 - min accuracy over restarts is 0.1 +- 0.01.
/// Source: PGDL starting-kit baseline (spec metrics.md 2.7; it minimises the loss inside the box, as written there). An m at an
/// end of [0, 0.5] is flagged as a bound; a model whose 1 - training accuracy already exceeds 0.1 + 0.01 is not measurable (the
/// reference search would return its floor, 0.5/2^16, for every such model).
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
        if (1 - target.BaseAccuracy > options.TargetDeviation + options.DeviationTolerance)
            return new SearchResult(double.NaN, double.NaN, 0, false)
            {
                NotMeaningful = FormattableString.Invariant(
                    $"training accuracy {target.BaseAccuracy:F4}: PGDL's deviation 1 - accuracy is {1 - target.BaseAccuracy:F4} > {options.TargetDeviation} + {options.DeviationTolerance} already without perturbation, so its search can only end at its floor"),
            };
        using var generator = new Generator((ulong)seed, CPU);
        long n = target.X.shape[0];
        double DeviationAt(double m)
        {
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
            return 1 - minAccuracy;
        }
        try
        {
            return ScaleSearch.Linear(DeviationAt, Upper, options.PgdlSharpnessIterations, options.TargetDeviation, options.DeviationTolerance, 1e-5, ct);
        }
        finally
        {
            target.Model.zero_grad();
            target.Reset();
        }
    }
}
