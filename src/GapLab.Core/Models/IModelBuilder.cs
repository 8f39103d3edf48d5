using static TorchSharp.torch;

namespace GapLab.Models;

/// <summary>Builds one architecture of the zoo from validated arguments; registered in <see cref="ModelRegistry"/>.</summary>
public interface IModelBuilder
{
    ModelInfo Info { get; }

    /// <summary>The module (logits [N, NumClasses] for input [N, C, H, W]). Throws ArgumentException for inputs it cannot take.</summary>
    nn.Module<Tensor, Tensor> Build(ModelArguments args, InputShape input);

    /// <summary>The call that builds the same module with bench/peers/gaplab_models.py, e.g. <c>MLP(in_features=784, ...)</c>.</summary>
    string PyTorchEquivalent(ModelArguments args, InputShape input);
}
