namespace GapLab.Interactive.Magic;

/// <summary>How a magic-command parameter value is parsed and checked before the handler runs.</summary>
public enum MagicParameterKind
{
    /// <summary>Any text.</summary>
    Text,
    /// <summary>A whole number (<see cref="long"/>).</summary>
    Integer,
    /// <summary>A floating-point number, invariant culture.</summary>
    Number,
    /// <summary>One of <see cref="MagicParameterDescriptor.Completions"/> exactly.</summary>
    Choice,
    /// <summary>A C# identifier: the name of a notebook variable.</summary>
    Identifier,
    /// <summary>A switch without a value (<c>--verbose</c>); the kernel sends true when present. Read with <see cref="MagicArguments.GetFlag"/>.</summary>
    Flag,
}

/// <summary>
/// One <c>--name value</c> parameter of a magic subcommand. <paramref name="Name"/> includes the dashes (<c>--as</c>).
/// <paramref name="Completions"/> feeds the notebook's completion list; for <see cref="MagicParameterKind.Choice"/> it is also the accepted set.
/// </summary>
public sealed record MagicParameterDescriptor(
    string Name,
    string Description,
    bool Required = false,
    string? DefaultValue = null,
    Func<IEnumerable<string>>? Completions = null,
    MagicParameterKind Kind = MagicParameterKind.Text)
{
    /// <summary>The job parameter this was generated from (null for a notebook-only parameter): its <see cref="GapLab.Jobs.JobParameter.Check"/> validates values.</summary>
    public GapLab.Jobs.JobParameter? Job { get; init; }

    /// <summary>
    /// The magic parameter of a job parameter declared in Core (the CLI option comes from the same declaration): same name, default,
    /// help, choices and check. A Text parameter the notebook reads as a variable name is given <paramref name="kind"/> Identifier.
    /// </summary>
    public static MagicParameterDescriptor From(GapLab.Jobs.JobParameter p, MagicParameterKind? kind = null) =>
        new(p.Name, p.Help, p.Required, p.Default,
            p.Choices is { } c ? () => c : p.Suggestions,
            kind ?? p.Kind switch
            {
                GapLab.Jobs.JobParameterKind.Integer => MagicParameterKind.Integer,
                GapLab.Jobs.JobParameterKind.Number => MagicParameterKind.Number,
                GapLab.Jobs.JobParameterKind.Choice => MagicParameterKind.Choice,
                GapLab.Jobs.JobParameterKind.Flag => MagicParameterKind.Flag,
                _ => MagicParameterKind.Text,
            }) { Job = p };

    /// <summary>The magic parameters of a job's declarations that a notebook offers, in order.</summary>
    public static IEnumerable<MagicParameterDescriptor> From(IEnumerable<GapLab.Jobs.JobParameter> parameters) =>
        parameters.Where(p => p.In(GapLab.Jobs.JobFrontEnd.Notebook)).Select(p => From(p));

    /// <summary>The conventional <c>--as NAME</c> parameter that binds a command's result to a notebook variable.</summary>
    public static MagicParameterDescriptor As(string what) =>
        new("--as", $"Name of the C# variable that receives {what}.", Kind: MagicParameterKind.Identifier);

    /// <summary>A switch that takes no value.</summary>
    public static MagicParameterDescriptor Flag(string name, string description) => new(name, description, Kind: MagicParameterKind.Flag);

    /// <summary>A choice parameter over a fixed list of values.</summary>
    public static MagicParameterDescriptor Choice(string name, string description, IReadOnlyList<string> values, string? defaultValue = null, bool required = false) =>
        new(name, description, required, defaultValue, () => values, MagicParameterKind.Choice);

    /// <summary>The property name .NET Interactive binds this parameter to: <c>--max-epochs</c> becomes <c>maxEpochs</c>.</summary>
    public string CamelCaseName => MagicNames.ToCamelCase(Name);

    /// <summary>Current completion values (empty when none).</summary>
    public IReadOnlyList<string> CompletionValues() => Completions is null ? [] : Completions().ToArray();
}
