using static TorchSharp.torch;

namespace GapLab.Metrics.Complexity;

/// <summary>
/// Output margin gamma = |k-th smallest of (logit[y] - max_{j != y} logit[j])| over the m examples, k = max(1, floor(m/10)).
/// Source: Jiang et al. 2020 / Dziugaite et al. 2020 measures.py (10th percentile, absolute value); spec metrics.md 2.1.
/// </summary>
public static class Margin
{
    /// <summary>Per-example margins logit[y] - max_{j != y} logit[j] of <paramref name="logits"/> [N,K] and labels [N].</summary>
    public static Tensor PerExample(Tensor logits, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        if (logits.dim() != 2 || labels.dim() != 1 || logits.shape[0] != labels.shape[0] || logits.shape[1] < 2)
            throw new ArgumentException($"Margins need logits [N,K>=2] and labels [N]; got [{string.Join(",", logits.shape)}] and [{string.Join(",", labels.shape)}].");
        using var scope = NewDisposeScope();
        var idx = labels.to(ScalarType.Int64).unsqueeze(1);
        var correct = logits.gather(1, idx).squeeze(1);
        var mask = nn.functional.one_hot(idx.squeeze(1), logits.shape[1]).to(ScalarType.Bool);
        var others = logits.masked_fill(mask, double.NegativeInfinity);
        var best = others.max(1).values;
        return (correct - best).MoveToOuterDisposeScope();
    }

    /// <summary>gamma: the absolute value of the k-th smallest margin, k = max(1, floor(m/10)) (1-based, as torch.kthvalue).</summary>
    public static double TenthPercentile(Tensor margins)
    {
        ArgumentNullException.ThrowIfNull(margins);
        long m = margins.numel();
        if (m == 0) throw new ArgumentException("The margin needs at least one example.", nameof(margins));
        long k = Math.Max(1, m / 10);
        using var scope = NewDisposeScope();
        return Math.Abs(margins.reshape(-1).to(ScalarType.Float64).kthvalue(k, 0).values.item<double>());
    }

    /// <summary>gamma of <paramref name="logits"/> [N,K] with labels [N].</summary>
    public static double TenthPercentile(Tensor logits, Tensor labels)
    {
        using var margins = PerExample(logits, labels);
        return TenthPercentile(margins);
    }
}
