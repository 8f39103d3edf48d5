using static TorchSharp.torch;

namespace GapLab.Metrics.WeightWatcher;

/// <summary>
/// The pooled eigenvalues (ascending) of one layer, N x M (N &gt;= M) per matrix slice, and the kind inferred from the weight's rank.
/// Empirical spectral density of a weight: λ = σ(W)², the eigenvalues of WᵀW. Linear/Embedding [out, in]: one matrix; Conv1d [out, in, k] and Conv2d
/// [out, in, kh, kw]: one out x in slice per kernel position, eigenvalues pooled. Source: WeightWatcher weightwatcher.py (pool=True), spec 4.1.
/// </summary>
public sealed record LayerSpectrum(string Kind, int N, int M, int Slices, double[] Eigenvalues)
{
    /// <summary>Kind and matrix sizes for a weight shape, or a skip reason when the tensor is not a supported weight matrix.</summary>
    public static (string Kind, int N, int M, int Slices, string? SkipReason) Classify(long[] shape, WeightWatcherOptions options)
    {
        ArgumentNullException.ThrowIfNull(shape);
        string kind = shape.Length switch { 2 => "Linear", 3 => "Conv1d", 4 => "Conv2d", _ => "" };
        if (kind == "") return ("", 0, 0, 0, $"rank-{shape.Length} tensor: only rank 2 (Linear/Embedding), 3 (Conv1d) and 4 (Conv2d) weights are analysed");
        int n = (int)Math.Max(shape[0], shape[1]), m = (int)Math.Min(shape[0], shape[1]);
        int slices = (int)shape.Skip(2).Aggregate(1L, (a, b) => a * b);
        if (slices == 0 || m == 0) return (kind, n, m, slices, "empty weight");
        // pool = True: WeightWatcher compares the pooled count M·rf (rf = kernel positions) with min_evals / max_evals
        long pooled = (long)m * slices;
        if (pooled < options.MinEvals) return (kind, n, m, slices, $"{pooled} eigenvalues (M = {m} x {slices} slices) < min_evals = {options.MinEvals}");
        if (pooled > options.MaxEvals) return (kind, n, m, slices, $"{pooled} eigenvalues (M = {m} x {slices} slices) > max_evals = {options.MaxEvals}");
        if (n > options.MaxN) return (kind, n, m, slices, $"N = {n} > max_N = {options.MaxN}");
        return (kind, n, m, slices, null);
    }

    /// <summary>All eigenvalues (ascending) of a supported weight; Conv2d ones scaled by 0.5 when <see cref="WeightWatcherOptions.Conv2dNormalization"/>.</summary>
    public static LayerSpectrum Compute(Tensor weight, WeightWatcherOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(weight);
        var o = options ?? new WeightWatcherOptions();
        o.Validate();
        var (kind, n, m, slices, skip) = Classify(weight.shape, o);
        if (skip is not null) throw new ArgumentException($"weight of shape [{string.Join(", ", weight.shape)}] cannot be analysed: {skip}.", nameof(weight));
        using var scope = NewDisposeScope();
        var w = weight.detach().to_type(ScalarType.Float64);
        // [out, in, ...] -> [slices, out, in]: one matrix per kernel position
        var matrices = w.dim() == 2 ? w.unsqueeze(0) : w.reshape(w.shape[0], w.shape[1], slices).permute(2, 0, 1);
        var eigenvalues = linalg.svdvals(matrices).square();
        if (kind == "Conv2d" && o.Conv2dNormalization) eigenvalues = eigenvalues * 0.5;
        var values = eigenvalues.flatten().cpu().data<double>().ToArray();
        Array.Sort(values);
        return new LayerSpectrum(kind, n, m, slices, values);
    }
}
