using GapLab.Interactive.Magic;
using GapLab.Models;
using GapLab.Runtime;
using GapLab.Weights;

namespace GapLab.Interactive.Commands;

/// <summary>
/// <c>#!gaplab model --spec SPEC [--weights FILE] [--input 1x28x28->10] [--seed N] --as VAR</c>: builds a
/// <see cref="BuiltModel"/> from the model zoo (<see cref="ModelRegistry"/>), optionally loading weights; a safetensors file
/// saved by GapLab rebuilds its model alone (<see cref="ModelWeights.LoadModel(string)"/>).
/// </summary>
public static class ModelCommand
{
    /// <summary>The input assumed when neither --input nor a weights file says otherwise: Fashion-MNIST images.</summary>
    public const string DefaultInput = "1x28x28->10";

    public static MagicCommandDescriptor Descriptor { get; } = new(
        "model",
        "Builds a model from a spec (e.g. mlp:width=256, cnn:width=0.5, resnet:depth=20), optionally loading weights.",
        [
            new("--spec", "Model spec name:key=value,... (names: " + string.Join(", ", ModelNames()) + ").", Completions: ModelNames),
            new("--weights", "A .safetensors (or TorchSharp .dat/.pt) weights file; a GapLab safetensors file also records spec and input."),
            new("--input", $"Input shape CxHxW->classes (default {DefaultInput}, or the one recorded in --weights)."),
            new("--seed", "Seed torch before building, for a reproducible initialisation.", Kind: MagicParameterKind.Integer),
            MagicParameterDescriptor.As("the BuiltModel"),
        ]);

    /// <summary>Architecture names of the model zoo.</summary>
    public static IEnumerable<string> ModelNames() => ModelRegistry.Names.Select(n => n.Name);

    public static Task<object?> HandleAsync(MagicArguments args, IMagicContext context)
    {
        var spec = args.GetString("--spec");
        var weights = args.GetString("--weights");
        var inputText = args.GetString("--input");
        if (spec is null && weights is null)
            throw new ArgumentException("give --spec SPEC (e.g. mlp:width=256; models: " + string.Join(", ", ModelNames()) + ") or --weights FILE.");
        InputShape? input = inputText is null ? null : InputShape.Parse(inputText);
        TorchRuntime.EnsureLoaded();
        if (args.GetInt64("--seed") is long seed) TorchEnvironment.Seed(seed);

        if (spec is null)
            return Task.FromResult<object?>(input is null ? ModelWeights.LoadModel(weights!) : ModelWeights.LoadModel(weights!, input));
        var model = ModelRegistry.Create(spec, input ?? InputShape.Parse(DefaultInput));
        if (weights is not null)
        {
            try { ModelWeights.Load(model.Module, weights); }
            catch { model.Dispose(); throw; }
        }
        return Task.FromResult<object?>(model);
    }
}
