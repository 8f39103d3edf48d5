using static TorchSharp.torch;

namespace GapLab.Training;

/// <summary>Gradient-noise estimate; <paramref name="Value"/> is null when it could not be measured (<paramref name="Note"/> says why).</summary>
public sealed record GradientNoiseResult(double? Value, int Batches, string Note);

/// <summary>
/// Gradient noise at given weights: mean over all trainable coordinates of the unbiased variance (ddof = 1) of the
/// minibatch gradient across k full minibatches, i.e. mean_j Var_b[g_b,j]. Source: Jiang et al. 2020 "grad noise final",
/// spec metrics.md 2.6 (mean per-coordinate variance, as in FAIR's decodable_information_bottleneck evaluate.py).
/// </summary>
public static class GradientNoise
{
    /// <summary>
    /// Uses k = min(<paramref name="maxBatches"/>, N / batchSize) disjoint full batches drawn by a permutation seeded with
    /// <paramref name="seed"/>; the mean of their gradients stands in for the full-batch gradient. The model runs in eval
    /// mode (no dropout, batch-norm uses running statistics and is not updated); its gradients are zeroed afterwards.
    /// </summary>
    public static GradientNoiseResult Measure(nn.Module<Tensor, Tensor> model, Tensor x, Tensor y, int batchSize, int maxBatches, long seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (batchSize < 1) throw new ArgumentException($"batchSize = {batchSize} is invalid: accepted an integer >= 1.", nameof(batchSize));
        if (maxBatches < 2) throw new ArgumentException($"maxBatches = {maxBatches} is invalid: accepted an integer >= 2 (a variance needs two batches).", nameof(maxBatches));
        long n = x.shape[0];
        int k = (int)Math.Min(maxBatches, n / batchSize);
        if (k < 2)
            return new GradientNoiseResult(null, k, $"not measured: needs at least 2 full batches of {batchSize}, the training set of {n} gives {n / batchSize}");

        var parameters = model.parameters().Where(p => p.requires_grad).ToArray();
        long size = parameters.Sum(p => p.numel());
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var outer = NewDisposeScope();
            using var generator = new Generator((ulong)seed, CPU);
            var order = randperm(n, generator: generator).to(x.device);
            var sum = zeros(size, ScalarType.Float64, x.device);
            var sumSq = zeros(size, ScalarType.Float64, x.device);
            for (int b = 0; b < k; b++)
            {
                using var scope = NewDisposeScope();
                model.zero_grad();
                var idx = order.narrow(0, (long)b * batchSize, batchSize);
                var loss = nn.functional.cross_entropy(model.forward(x.index_select(0, idx)), y.index_select(0, idx));
                loss.backward();
                var g = cat(parameters.Select(p => p.grad is { } grad ? grad.reshape(-1) : zeros(p.numel(), p.dtype, p.device)).ToArray())
                    .to(ScalarType.Float64);
                sum.add_(g);
                sumSq.add_(g * g);
            }
            var variance = ((sumSq - sum * sum / k) / (k - 1)).clamp_min(0);
            double value = variance.mean().item<double>();
            model.zero_grad();
            return new GradientNoiseResult(value, k, $"mean per-coordinate gradient variance (ddof=1) over {k} batches of {batchSize}, eval mode");
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
