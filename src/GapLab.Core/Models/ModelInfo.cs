namespace GapLab.Models;

/// <summary>A registered architecture: its spec name, a one-line description and its parameters with defaults.</summary>
public sealed record ModelInfo(string Name, string Description, IReadOnlyList<ModelParameter> Parameters)
{
    /// <summary>The spec with every parameter at its default, e.g. <c>mlp:depth=2,dropout=0,width=512</c>.</summary>
    public string DefaultSpec => new ModelSpec(Name, Parameters.ToDictionary(p => p.Name, p => p.Default)).ToString();
}
