using static TorchSharp.torch;

namespace GapLab.Metrics.Complexity;

/// <summary>
/// Worst-case sharpness alpha': the alpha for which max_{|u_j| &lt;= b_j} (accuracy drop of w + u) is 0.1 +- 0.01, b_j = alpha
/// (magnitude-aware: alpha |w_j| + eps). Source: Jiang et al. 2020 "Fantastic" sharpness; spec metrics.md 2.5.
/// </summary>
/// <remarks>
/// The inner maximum is approximated by projected sign-gradient ascent on the cross-entropy: R restarts from u ~ U(-b/2, b/2),
/// S steps of size 2.5 b / S (one batch of the examples each, cycling), clipped to the box after every step; the worst final
/// accuracy over restarts counts. This is a budgeted lower bound of the true worst case. The outer search is log-scale by default
/// (<see cref="ScaleSearch.Log"/> from 1 within [<see cref="MeasureOptions.SharpnessMin"/>, <see cref="MeasureOptions.SharpnessMax"/>],
/// then <see cref="MeasureOptions.SharpnessDepth"/> geometric bisections); <see cref="MeasureOptions.SharpnessSearch"/> = linear
/// keeps FAIR's bisection on [0, <see cref="MeasureOptions.SearchMax"/>]. A model whose training accuracy is below the target drop
/// plus its tolerance cannot lose that much: the measure is not meaningful for it.
/// </remarks>
public static class WorstCaseSharpness
{
    /// <summary>Runs the search on <paramref name="target"/> with random starts from a CPU generator seeded with <paramref name="seed"/>.</summary>
    public static SearchResult Run(PerturbedModel target, bool magnitudeAware, MeasureOptions options, long seed, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        if (target.BaseAccuracy < options.TargetDeviation + options.DeviationTolerance)
            return new SearchResult(double.NaN, double.NaN, 0, false)
            {
                Scheme = options.SharpnessSearch,
                NotMeaningful = FormattableString.Invariant($"training accuracy {target.BaseAccuracy:F4} is below the target drop {options.TargetDeviation} + {options.DeviationTolerance}"),
            };
        using var generator = new Generator((ulong)seed, CPU);
        long n = target.X.shape[0];
        long batch = Math.Min(n, options.BatchSize);
        double DropAt(double alpha)
        {
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
            return target.BaseAccuracy - worst;
        }
        try
        {
            return options.SharpnessSearch == SearchScheme.Linear
                ? ScaleSearch.Linear(DropAt, options.SearchMax, options.SharpnessDepth, options.TargetDeviation, options.DeviationTolerance, ct: ct)
                : ScaleSearch.Log(DropAt, 1, options.SharpnessMin, options.SharpnessMax, options.SharpnessDepth, options.TargetDeviation, options.DeviationTolerance, ct: ct);
        }
        finally
        {
            target.Model.zero_grad();
            target.Reset();
        }
    }
}
