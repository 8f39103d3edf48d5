using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Testbed;

/// <summary>
/// Frozen-backbone features for the linear probe: the input of the model's last <c>Linear</c> layer (registry models: <c>classifier</c>
/// of cnn, <c>fc</c> of resnet, the last <c>layers.N</c> of mlp), which must be the model's final operation. The head is replaced for the
/// duration of the pass by an identity Linear (weight I_D, bias 0) so the model outputs its D-dimensional penultimate features; the original
/// parameters are restored afterwards. (TorchSharp models call their fields, so a module swapped in the registry is ignored, and a user
/// model may call <c>forward</c> directly, which bypasses hooks: the head's parameters are what can be swapped for any model.)
/// </summary>
public static class PenultimateFeatures
{
    /// <summary>The name and module of the last Linear layer in registration order; throws when the model has none (e.g. nin).</summary>
    public static (string Name, TorchSharp.Modules.Linear Layer) FindClassifier(nn.Module<Tensor, Tensor> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        (string, TorchSharp.Modules.Linear)? last = null;
        foreach (var (name, m) in model.named_modules())
            if (m is TorchSharp.Modules.Linear linear) last = (name, linear);
        return last ?? throw new ArgumentException(
            $"Model {model.GetName()} has no Linear layer, so there is no penultimate feature to probe: use a model with a linear head (mlp, cnn, resnet).");
    }

    /// <summary>Features [N, D] (float32, on <paramref name="x"/>'s device) of images <paramref name="x"/> [N, ...], in batches.</summary>
    public static Tensor Extract(nn.Module<Tensor, Tensor> model, Tensor x, int batchSize = 1000)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (batchSize < 1) throw new ArgumentException($"batchSize = {batchSize} is invalid: accepted an integer >= 1.", nameof(batchSize));
        var (_, head) = FindClassifier(model);
        var weight = head.weight ?? throw new ArgumentException($"the last Linear layer of {model.GetName()} has no weight.");
        long d = weight.shape[1];
        var (dtype, device) = (weight.dtype, weight.device);
        bool wasTraining = model.training, weightGrad = weight.requires_grad, biasGrad = head.bias?.requires_grad ?? false;
        // Linear's setters dispose the parameter they replace, so the head is restored from detached copies
        var savedWeight = weight.detach().clone().DetachFromDisposeScope();
        var savedBias = head.bias?.detach().clone().DetachFromDisposeScope();
        var parts = new List<Tensor>();
        try
        {
            head.weight = new TorchSharp.Modules.Parameter(eye(d, dtype: dtype, device: device), requires_grad: false);
            head.bias = new TorchSharp.Modules.Parameter(zeros(d, dtype: dtype, device: device), requires_grad: false);
            model.eval();
            using var noGrad = no_grad();
            for (long start = 0; start < x.shape[0]; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var f = model.forward(x.narrow(0, start, Math.Min(batchSize, x.shape[0] - start)));
                if (f.dim() != 2 || f.shape[1] != d)
                    throw new ArgumentException($"{model.GetName()}'s output with an identity head has shape [{string.Join(", ", f.shape)}], not [B, {d}]: its last Linear layer is not the final operation, so it cannot be used as a probe backbone.");
                parts.Add(f.DetachFromDisposeScope());
            }
            using var outer = NewDisposeScope();
            return cat(parts, 0).MoveToOuterDisposeScope();
        }
        finally
        {
            head.weight = new TorchSharp.Modules.Parameter(savedWeight, requires_grad: weightGrad);
            if (savedBias is not null) head.bias = new TorchSharp.Modules.Parameter(savedBias, requires_grad: biasGrad);
            foreach (var p in parts) p.Dispose();
            model.train(wasTraining);
        }
    }
}
