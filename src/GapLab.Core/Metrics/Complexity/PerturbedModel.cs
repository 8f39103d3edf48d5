using static TorchSharp.torch;

namespace GapLab.Metrics.Complexity;

/// <summary>
/// A model whose parameters are perturbed in place around saved originals w, evaluated (eval mode, no grad) on a fixed set of
/// examples. <see cref="Dispose"/> restores w and the train/eval mode.
/// </summary>
public sealed class PerturbedModel : IDisposable
{
    readonly nn.Module<Tensor, Tensor> _model;
    readonly bool _wasTraining;
    readonly int _batchSize;

    /// <summary>Wraps <paramref name="model"/> (on the device of <paramref name="x"/>) with examples x [N,...], int64 labels y [N].</summary>
    public PerturbedModel(nn.Module<Tensor, Tensor> model, Tensor x, Tensor y, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        X = x ?? throw new ArgumentNullException(nameof(x));
        Y = y ?? throw new ArgumentNullException(nameof(y));
        if (x.shape[0] == 0 || x.shape[0] != y.shape[0]) throw new ArgumentException($"Perturbation searches need matching, non-empty examples; got x [{string.Join(",", x.shape)}], y [{string.Join(",", y.shape)}].");
        _batchSize = batchSize;
        _wasTraining = model.training;
        model.eval();
        Parameters = model.parameters().ToArray();
        using var noGrad = no_grad();
        Originals = Parameters.Select(p => p.detach().clone().DetachFromDisposeScope()).ToArray();
        BaseAccuracy = Accuracy();
    }

    public Tensor X { get; }
    public Tensor Y { get; }
    public TorchSharp.Modules.Parameter[] Parameters { get; }
    /// <summary>The unperturbed parameters w (clones).</summary>
    public Tensor[] Originals { get; }
    /// <summary>Accuracy of the unperturbed model on the examples.</summary>
    public double BaseAccuracy { get; }
    public nn.Module<Tensor, Tensor> Model => _model;

    /// <summary>Sets every parameter to w + u (u[i] shaped like parameter i).</summary>
    public void Set(IReadOnlyList<Tensor> u)
    {
        using var noGrad = no_grad();
        for (int i = 0; i < Parameters.Length; i++)
        {
            Parameters[i].copy_(Originals[i]);
            Parameters[i].add_(u[i]);
        }
    }

    /// <summary>Restores w.</summary>
    public void Reset()
    {
        using var noGrad = no_grad();
        for (int i = 0; i < Parameters.Length; i++) Parameters[i].copy_(Originals[i]);
    }

    /// <summary>Top-1 accuracy of the current parameters on the examples.</summary>
    public double Accuracy()
    {
        using var noGrad = no_grad();
        long n = X.shape[0], correct = 0;
        for (long start = 0; start < n; start += _batchSize)
        {
            using var scope = NewDisposeScope();
            long len = Math.Min(_batchSize, n - start);
            correct += _model.forward(X.narrow(0, start, len)).argmax(1).eq(Y.narrow(0, start, len)).sum().item<long>();
        }
        return (double)correct / n;
    }

    public void Dispose()
    {
        Reset();
        foreach (var t in Originals) t.Dispose();
        _model.zero_grad();
        _model.train(_wasTraining);
    }
}
