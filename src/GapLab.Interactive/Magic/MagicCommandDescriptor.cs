namespace GapLab.Interactive.Magic;

/// <summary>A <c>#!gaplab NAME --param value ...</c> subcommand: its name, help text and parameters.</summary>
public sealed record MagicCommandDescriptor(string Name, string Description, IReadOnlyList<MagicParameterDescriptor> Parameters)
{
    /// <summary>The parameter named <paramref name="name"/> (with dashes), or null.</summary>
    public MagicParameterDescriptor? FindParameter(string name) =>
        Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    /// <summary>One usage line, e.g. <c>#!gaplab device [--device auto] [--as NAME]</c>.</summary>
    public string Usage => string.Join(" ",
        new[] { $"{MagicCommands.RootName} {Name}" }.Concat(Parameters.Select(p =>
        {
            var value = p.Kind switch
            {
                MagicParameterKind.Choice => string.Join("|", p.CompletionValues()),
                MagicParameterKind.Identifier => "NAME",
                _ => p.DefaultValue ?? "VALUE",
            };
            var text = p.Kind == MagicParameterKind.Flag ? p.Name : $"{p.Name} {value}";
            return p.Required ? text : $"[{text}]";
        })));
}
