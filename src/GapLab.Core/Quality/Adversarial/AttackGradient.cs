using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GapLab.Quality;

/// <summary>Input gradient of the mean cross-entropy loss, without touching parameter gradients; shared by FGSM and PGD.</summary>
internal static class AttackGradient
{
    /// <summary>d/dx mean_i CE(model(x)_i, y_i), same shape as x.</summary>
    public static Tensor OfCrossEntropy(Module<Tensor, Tensor> model, Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        using var grad = enable_grad();
        var input = x.detach().clone().requires_grad_(true);
        var loss = functional.cross_entropy(model.call(input), y);
        var g = autograd.grad(new[] { loss }, new[] { input })[0];
        return g.detach().MoveToOuterDisposeScope();
    }

    /// <summary>Checks an attack's inputs: images in [0,1] with a leading batch axis, int64 labels, epsilon in [0,1].</summary>
    public static void Validate(Module<Tensor, Tensor> model, Tensor x, Tensor y, double epsilon)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (!(epsilon >= 0 && epsilon <= 1))
            throw new ArgumentException($"epsilon {epsilon} must lie in [0,1] pixel space (e.g. 8/255 = {8.0 / 255:F5}).", nameof(epsilon));
        if (x.dim() < 2 || y.dim() != 1 || x.shape[0] != y.shape[0])
            throw new ArgumentException($"expected images [N,...] and labels [N]; got [{string.Join(",", x.shape)}] and [{string.Join(",", y.shape)}].");
        if (y.dtype != ScalarType.Int64)
            throw new ArgumentException($"labels must be int64 class indices; got {y.dtype}.", nameof(y));
        if (x.numel() > 0)
        {
            double lo = x.min().ToDouble(), hi = x.max().ToDouble();
            if (lo < 0 || hi > 1)
                throw new ArgumentException($"images must be in [0,1] pixel space (found values in [{lo}, {hi}]); put normalisation inside the model with NormalizedModel.", nameof(x));
        }
    }
}

/// <summary>Puts a module in eval mode for the lifetime of the scope and restores its previous mode.</summary>
internal sealed class EvalModeScope : IDisposable
{
    readonly Module _module;
    readonly bool _wasTraining;

    public EvalModeScope(Module module)
    {
        _module = module;
        _wasTraining = module.training;
        module.eval();
    }

    public void Dispose()
    {
        if (_wasTraining) _module.train();
    }
}
