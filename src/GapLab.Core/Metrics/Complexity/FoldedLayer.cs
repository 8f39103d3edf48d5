using static TorchSharp.torch;

namespace GapLab.Metrics.Complexity;

/// <summary>
/// A weight layer after batch-norm folding: its module name, kind (<c>conv2d</c> or <c>linear</c>), the folded weight in its
/// original shape and the folded bias (float64, CPU; zeros when the layer has none), the batch norm folded into it (or null),
/// the convolution stride, and the input shape of the traced forward pass ([1, C, H, W] or [1, D]). <see cref="Matrix"/> is the weight reshaped to 2-D (out, in*kh*kw).
/// </summary>
public sealed record FoldedLayer(string Name, string Kind, Tensor Weight, Tensor Bias, string? FoldedBatchNorm, long[] Stride, long[] InputShape)
{
    public const string Conv2d = "conv2d", Linear = "linear";

    /// <summary>The weight as a matrix (out, in*kh*kw): a view, do not dispose separately from the layer.</summary>
    public Tensor Matrix() => Weight.reshape(Weight.shape[0], -1);
}

/// <summary>The folded weight layers of a network in forward order; owns (and disposes) their tensors.</summary>
public sealed class FoldedNetwork(IReadOnlyList<FoldedLayer> layers) : IDisposable
{
    public IReadOnlyList<FoldedLayer> Layers { get; } = layers;

    /// <summary>omega: the number of weight entries (biases excluded).</summary>
    public long WeightCount => Layers.Sum(l => l.Weight.numel());

    public void Dispose()
    {
        foreach (var l in Layers)
        {
            l.Weight.Dispose();
            l.Bias.Dispose();
        }
    }
}
