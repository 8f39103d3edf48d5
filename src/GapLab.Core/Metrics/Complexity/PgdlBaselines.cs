using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GapLab.Metrics.Complexity;

/// <summary>
/// PGDL starting-kit baselines: distance from initialisation sum_t ||W_t - W0_t||_F^2 over every parameter tensor, and the
/// Jacobian norm mean_layers mean_entries (d logits / d layer input)^2. Source: PGDL starting kit baselines; spec metrics.md 2.7.
/// </summary>
public static class PgdlBaselines
{
    /// <summary>sum over the parameters of <paramref name="model"/> (as trained: unfolded, biases and batch norms included) of ||W - W0||_F^2.</summary>
    /// <exception cref="InvalidDataException">A parameter is missing from <paramref name="init"/> or has another shape.</exception>
    public static double DistanceFromInit(nn.Module model, IReadOnlyDictionary<string, Tensor> init)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(init);
        double total = 0;
        using var noGrad = no_grad();
        foreach (var (name, p) in model.named_parameters())
        {
            using var scope = NewDisposeScope();
            if (!init.TryGetValue(name, out var w0))
                throw new InvalidDataException($"The initial weights have no tensor '{name}'; they must come from the same architecture.");
            if (!w0.shape.SequenceEqual(p.shape))
                throw new InvalidDataException($"Initial tensor '{name}' has shape [{string.Join(",", w0.shape)}], the model's [{string.Join(",", p.shape)}].");
            total += (p.detach().to(ScalarType.Float64, CPU) - w0.to(ScalarType.Float64, CPU)).square().sum().item<double>();
        }
        return total;
    }

    /// <summary>
    /// Mean over the Conv2d and Linear layers (those TorchSharp runs hooks for: reached through a module <c>call</c>, as in every
    /// registry model, not a direct <c>forward</c>) of the mean squared entry of the per-example Jacobian of the logits with respect
    /// to the layer's input, over <paramref name="batches"/> batches of <paramref name="batchSize"/> examples of x (eval mode).
    /// </summary>
    public static double JacobianNorm(nn.Module<Tensor, Tensor> model, Tensor x, int batchSize, int batches, CancellationToken ct = default) =>
        JacobianNormTraced(model, x, batchSize, batches, ct).Value;

    /// <summary>
    /// <see cref="JacobianNorm"/> with, when the value is not finite, where it first went wrong: the batch whose logits were not
    /// finite, or the layer, batch and logit whose Jacobian was (null when the value is finite).
    /// </summary>
    public static (double Value, string? NonFinite) JacobianNormTraced(nn.Module<Tensor, Tensor> model, Tensor x, int batchSize, int batches, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        var named = model.named_modules().Where(m => m.module is Conv2d or Linear).ToArray();
        var layers = named.Select(m => (nn.Module<Tensor, Tensor>)m.module).ToArray();
        string? nonFinite = null;
        if (layers.Length == 0) throw new ArgumentException("The Jacobian norm needs a model with Conv2d or Linear layers.", nameof(model));
        var captured = new Tensor?[layers.Length];
        var removers = new List<Action>();
        bool wasTraining = model.training;
        model.eval();
        var sums = new double[layers.Length];
        var used = new bool[layers.Length];
        long examples = 0;
        try
        {
            for (int i = 0; i < layers.Length; i++)
            {
                int index = i;
                var hook = layers[i].register_forward_pre_hook((_, input) =>
                {
                    if (captured[index] is not null) return input;
                    if (!input.requires_grad) input = input.detach().requires_grad_(true); // the network input
                    // a second handle on the same tensor: the caller (e.g. Sequential) may dispose its own handle
                    captured[index] = input.alias().DetachFromDisposeScope();
                    return input;
                });
                removers.Add(hook.remove);
            }
            long n = Math.Min(x.shape[0], (long)batchSize * batches);
            for (long start = 0; start < n; start += batchSize)
            {
                ct.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                long len = Math.Min(batchSize, n - start);
                var logits = model.call(x.narrow(0, start, len));
                long classes = logits.shape[1];
                if (nonFinite is null && !logits.isfinite().all().item<bool>())
                    nonFinite = $"the logits of examples {start}..{start + len - 1} are not finite";
                var reached = Enumerable.Range(0, layers.Length).Where(i => captured[i] is not null).ToArray();
                if (reached.Length == 0) throw new InvalidOperationException("No Conv2d or Linear layer ran through a module call, so no layer input could be captured.");
                var perLayer = new double[layers.Length];
                for (long k = 0; k < classes; k++)
                {
                    // examples are independent in eval mode, so the gradient of sum_b logits[b,k] holds every example's row k
                    var grads = autograd.grad([logits[.., k].sum()], reached.Select(i => captured[i]!).ToArray(), retain_graph: true, allow_unused: true);
                    for (int r = 0; r < reached.Length; r++)
                        if (grads[r] is { } g && !g.IsInvalid)
                        {
                            double term = g.square().sum().to(ScalarType.Float64).item<double>();
                            if (nonFinite is null && !double.IsFinite(term))
                                nonFinite = $"the Jacobian of logit {k} with respect to the input of layer '{named[reached[r]].name}' is not finite (examples {start}..{start + len - 1})";
                            perLayer[reached[r]] += term;
                        }
                }
                foreach (int i in reached)
                {
                    sums[i] += perLayer[i] / (classes * (captured[i]!.numel() / len));
                    used[i] = true;
                }
                for (int i = 0; i < captured.Length; i++) { captured[i]?.Dispose(); captured[i] = null; }
                examples += len;
            }
            double value = Enumerable.Range(0, layers.Length).Where(i => used[i]).Average(i => sums[i] / examples);
            if (nonFinite is null && !double.IsFinite(value))
                nonFinite = "the sum of squared Jacobian entries overflowed: " + string.Join(", ", Enumerable.Range(0, layers.Length)
                    .Where(i => used[i] && !double.IsFinite(sums[i])).Select(i => $"layer '{named[i].name}'"));
            return (value, double.IsFinite(value) ? null : nonFinite);
        }
        finally
        {
            foreach (var remove in removers) remove();
            model.zero_grad();
            model.train(wasTraining);
        }
    }
}
