using static TorchSharp.torch;

namespace GapLab.Metrics.Complexity;

/// <summary>
/// Path norm: sum of the outputs of the (batch-norm-folded) network with every parameter squared on x = ones(1, C, H, W);
/// optionally its square root. Source: Dziugaite et al. 2020 measures.py (no sqrt), FAIR decodable-IB (sqrt); spec metrics.md 2.3.
/// </summary>
public static class PathNorm
{
    /// <summary>
    /// Squares the parameters of <paramref name="model"/> in place, runs one eval-mode forward pass on ones of
    /// <paramref name="inputShape"/> (batch shape, e.g. [1,1,28,28]) and restores the parameters and the train/eval mode.
    /// Fold batch norms first (<see cref="BatchNormFolding.FoldInPlace"/>); only meaningful for ReLU networks.
    /// </summary>
    public static double Compute(nn.Module<Tensor, Tensor> model, long[] inputShape, bool sqrt)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputShape);
        var parameters = model.parameters().ToArray();
        if (parameters.Length == 0) throw new ArgumentException("The path norm needs a model with parameters.", nameof(model));
        var device = parameters[0].device;
        bool wasTraining = model.training;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var saved = parameters.Select(p => p.detach().clone()).ToArray();
        try
        {
            model.eval();
            foreach (var p in parameters) p.mul_(p);
            var total = model.forward(ones(inputShape, device: device)).sum().to(ScalarType.Float64).item<double>();
            return sqrt ? Math.Sqrt(total) : total;
        }
        finally
        {
            for (int i = 0; i < parameters.Length; i++) parameters[i].copy_(saved[i]);
            model.train(wasTraining);
        }
    }
}
