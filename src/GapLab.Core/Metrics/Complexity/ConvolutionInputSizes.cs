using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GapLab.Metrics.Complexity;

/// <summary>
/// The spatial input size (H, W) of every Conv2d of a model, read with forward pre-hooks during one eval-mode forward pass of
/// zeros of the given batch shape. Needed by the exact (FFT) spectral norms, which depend on the input size (spec metrics.md 2.4).
/// </summary>
public static class ConvolutionInputSizes
{
    /// <summary>Module name -> (H, W) of the input each Conv2d of <paramref name="model"/> sees for inputs of <paramref name="batchShape"/>.</summary>
    public static IReadOnlyDictionary<string, (long Height, long Width)> Capture(nn.Module<Tensor, Tensor> model, long[] batchShape)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batchShape);
        var sizes = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        var removers = new List<Action>();
        bool wasTraining = model.training;
        var device = model.parameters().FirstOrDefault()?.device ?? CPU;
        try
        {
            foreach (var (name, module) in model.named_modules())
            {
                if (module is not Conv2d conv) continue;
                string key = name;
                var hook = conv.register_forward_pre_hook((_, input) =>
                {
                    sizes[key] = (input.shape[^2], input.shape[^1]);
                    return input;
                });
                removers.Add(hook.remove);
            }
            model.eval();
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            model.forward(zeros(batchShape, device: device));
        }
        finally
        {
            foreach (var remove in removers) remove();
            model.train(wasTraining);
        }
        return sizes;
    }
}
