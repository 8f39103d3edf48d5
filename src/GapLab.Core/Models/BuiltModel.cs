using static TorchSharp.torch;

namespace GapLab.Models;

/// <summary>
/// A model made by <see cref="ModelRegistry.Create(string, InputShape)"/>: its canonical spec, the module,
/// the number of trainable parameters, the matching PyTorch constructor call, and the input it was built for.
/// Disposing it disposes the module.
/// </summary>
public sealed record BuiltModel(string Spec, nn.Module<Tensor, Tensor> Module, long ParameterCount, string PyTorchEquivalent, InputShape Input) : IDisposable
{
    public void Dispose() => Module.Dispose();
}
