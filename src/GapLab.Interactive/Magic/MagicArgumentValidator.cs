using System.Globalization;

namespace GapLab.Interactive.Magic;

/// <summary>Checks raw <c>--name value</c> pairs against a <see cref="MagicCommandDescriptor"/> and fills defaults.</summary>
public static class MagicArgumentValidator
{
    /// <summary>
    /// Validated arguments, or a one-line error naming the bad parameter or value and what is accepted
    /// (unknown parameter, missing required parameter, value of the wrong kind, value outside a choice list).
    /// </summary>
    public static (MagicArguments? Arguments, string? Error) Validate(MagicCommandDescriptor command, IReadOnlyDictionary<string, string?> raw)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(raw);
        string prefix = $"{MagicCommands.RootName} {command.Name}";
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in raw)
        {
            var p = command.FindParameter(name);
            if (p is null)
            {
                var accepted = command.Parameters.Count == 0 ? "it takes no parameters" : "accepted: " + string.Join(", ", command.Parameters.Select(q => q.Name));
                return (null, $"{prefix}: unknown parameter '{name}'; {accepted}.");
            }
            if (value is null) continue;
            if (CheckValue(p, value) is { } error) return (null, $"{prefix}: {error}");
            values[name] = value;
        }
        foreach (var p in command.Parameters)
        {
            if (values.ContainsKey(p.Name)) continue;
            if (p.DefaultValue is not null) values[p.Name] = p.DefaultValue;
            else if (p.Required) return (null, $"{prefix}: missing required parameter {p.Name} ({p.Description}).");
        }
        return (new MagicArguments(command, values), null);
    }

    static string? CheckValue(MagicParameterDescriptor p, string value)
    {
        if (p.Job is { } job && p.Kind != MagicParameterKind.Identifier) return job.Check(value);
        switch (p.Kind)
        {
            case MagicParameterKind.Integer:
                return long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
                    ? null : $"{p.Name} '{value}' is not a whole number (e.g. {p.DefaultValue ?? "42"}).";
            case MagicParameterKind.Number:
                return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
                    ? null : $"{p.Name} '{value}' is not a finite number (e.g. {p.DefaultValue ?? "0.5"}).";
            case MagicParameterKind.Choice:
                var accepted = p.CompletionValues();
                return accepted.Contains(value, StringComparer.Ordinal)
                    ? null : $"{p.Name} '{value}' is not accepted; use one of: {string.Join(", ", accepted)}.";
            case MagicParameterKind.Flag:
                return value is "true" or "false" ? null : $"{p.Name} is a switch and takes no value; got '{value}'.";
            case MagicParameterKind.Identifier:
                return MagicNames.IsIdentifier(value)
                    ? null : $"{p.Name} '{value}' is not a C# variable name (a letter or _ then letters, digits or _).";
            default:
                return value.Length == 0 ? $"{p.Name} needs a value." : null;
        }
    }
}
