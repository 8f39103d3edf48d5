using GapLab.Runtime;
using static TorchSharp.torch;

namespace GapLab.Models;

/// <summary>
/// The model zoo: builds modules from spec strings (<c>mlp</c>, <c>cnn</c>, <c>nin</c>, <c>resnet</c>, <c>smallcnn</c>).
/// The set of builders is fixed at start-up; weights come from libtorch's global generator
/// (seed it with <see cref="TorchEnvironment.Seed"/> for reproducible initialisation).
/// </summary>
public static class ModelRegistry
{
    static readonly IModelBuilder[] Builders = [new MlpBuilder(), new VggNetBuilder(), new NetworkInNetworkBuilder(), new CifarResNetBuilder(), new SmallCnnBuilder()];

    /// <summary>Every architecture with its description and parameters (name, kind, default, range).</summary>
    public static IReadOnlyList<ModelInfo> Names { get; } = Builders.Select(b => b.Info).ToArray();

    /// <summary>Builds <paramref name="spec"/> (e.g. <c>resnet:depth=20</c>) for <paramref name="input"/>.</summary>
    public static BuiltModel Create(string spec, InputShape input) => Create(ModelSpec.Parse(spec), input);

    /// <summary>Builds <paramref name="spec"/> for <paramref name="input"/>; <see cref="BuiltModel.Spec"/> is the canonical spec.</summary>
    public static BuiltModel Create(ModelSpec spec, InputShape input)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(input);
        TorchRuntime.EnsureLoaded();
        var builder = Find(spec.Name);
        var (canonical, args) = Resolve(builder.Info, spec);
        var module = builder.Build(args, input);
        long count = module.parameters().Where(p => p.requires_grad).Sum(p => p.numel());
        return new BuiltModel(canonical.ToString(), module, count, builder.PyTorchEquivalent(args, input), input);
    }

    /// <summary>The canonical form of <paramref name="spec"/>: defaults filled in, values printed invariantly, keys sorted.</summary>
    public static ModelSpec Canonicalize(ModelSpec spec) => Resolve(Find(spec.Name).Info, spec).Spec;

    /// <inheritdoc cref="Canonicalize(ModelSpec)"/>
    public static string Canonicalize(string spec) => Canonicalize(ModelSpec.Parse(spec)).ToString();

    /// <summary>The description of architecture <paramref name="name"/>.</summary>
    public static ModelInfo Info(string name) => Find(name).Info;

    static IModelBuilder Find(string name) =>
        Builders.FirstOrDefault(b => b.Info.Name == name)
        ?? throw new ArgumentException($"Unknown model '{name}'. Known models: {string.Join(", ", Builders.Select(b => b.Info.Name))}.");

    static (ModelSpec Spec, ModelArguments Args) Resolve(ModelInfo info, ModelSpec spec)
    {
        foreach (var key in spec.Parameters.Keys)
            if (info.Parameters.All(p => p.Name != key))
                throw new ArgumentException($"Model '{info.Name}' has no parameter '{key}'. Accepted parameters: " +
                                            string.Join("; ", info.Parameters.Select(p => p.ToString())) + ".");
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        var text = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in info.Parameters)
        {
            var value = p.Parse(spec.Parameters.TryGetValue(p.Name, out var given) ? given : p.Default, info.Name);
            values[p.Name] = value;
            text[p.Name] = ModelParameter.Format(value);
        }
        return (new ModelSpec(info.Name, text), new ModelArguments(info.Name, values));
    }
}
