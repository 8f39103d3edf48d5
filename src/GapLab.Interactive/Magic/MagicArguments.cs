using System.Globalization;

namespace GapLab.Interactive.Magic;

/// <summary>
/// The validated arguments of one invocation: every value already passed its <see cref="MagicParameterKind"/> check,
/// and defaults are filled in. Names include the dashes (<c>--threads</c>).
/// </summary>
public sealed class MagicArguments : GapLab.Jobs.IJobArguments
{
    readonly IReadOnlyDictionary<string, string> _values;

    internal MagicArguments(MagicCommandDescriptor command, IReadOnlyDictionary<string, string> values)
    {
        Command = command;
        _values = values;
    }

    public MagicCommandDescriptor Command { get; }

    /// <summary>Parameter names that have a value (given or defaulted).</summary>
    public IEnumerable<string> Names => _values.Keys;

    public bool Has(string name) => _values.ContainsKey(Check(name));

    /// <summary>The text value, or null when neither given nor defaulted.</summary>
    public string? GetString(string name) => _values.TryGetValue(Check(name), out var v) ? v : null;

    public string GetRequiredString(string name) =>
        GetString(name) ?? throw new ArgumentException($"{MagicCommands.RootName} {Command.Name}: {name} is required.");

    /// <summary>An <see cref="MagicParameterKind.Integer"/> value, or null when absent.</summary>
    public long? GetInt64(string name) =>
        GetString(name) is { } s ? long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture) : null;

    /// <summary>A <see cref="MagicParameterKind.Number"/> value, or null when absent.</summary>
    public double? GetDouble(string name) =>
        GetString(name) is { } s ? double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture) : null;

    /// <summary>True when the <see cref="MagicParameterKind.Flag"/> parameter was given.</summary>
    public bool GetFlag(string name) => GetString(name) == "true";

    /// <summary>The invocation as a magic line (given and defaulted values, --as left out), for a result's provenance.</summary>
    public string CommandLine => $"{MagicCommands.RootName} {Command.Name}" + string.Concat(Names
        .Where(n => n != "--as").Select(n => $" {n} {Quote(GetString(n)!)}"));

    static string Quote(string value) => value.Any(char.IsWhiteSpace) ? "\"" + value + "\"" : value;

    string? GapLab.Jobs.IJobArguments.Text(string name) => GetString(name);

    bool GapLab.Jobs.IJobArguments.Flag(string name) => GetFlag(name);

    /// <summary>The variable name given with <c>--as</c>, or null.</summary>
    public string? As => Command.FindParameter("--as") is null ? null : GetString("--as");

    string Check(string name) =>
        Command.FindParameter(name) is null
            ? throw new ArgumentException($"{MagicCommands.RootName} {Command.Name} has no parameter '{name}' (a handler bug: declare it in the descriptor).")
            : name;
}
