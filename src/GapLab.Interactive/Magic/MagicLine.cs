using System.Text;

namespace GapLab.Interactive.Magic;

/// <summary>
/// One <c>#!gaplab SUBCOMMAND --name value ...</c> line split into the subcommand and raw arguments, the way the kernel reads
/// it: words separated by blanks, double quotes group a value with blanks (and are removed), a parameter declared as a
/// <see cref="MagicParameterKind.Flag"/> takes no value ("true"). Used to check and run notebook lines outside the kernel.
/// </summary>
public sealed record MagicLine(string? Subcommand, IReadOnlyDictionary<string, string?> Arguments)
{
    /// <summary>Prefix of a parameter value taken from a C# variable (<c>--epochs @csharp:epochs</c>); the kernel allows one per line.</summary>
    public const string ValueReferencePrefix = "@csharp:";

    /// <summary>True when <paramref name="line"/> is a <c>#!gaplab</c> line.</summary>
    public static bool IsMagic(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var t = line.Trim();
        return t == MagicCommands.RootName || t.StartsWith(MagicCommands.RootName + " ", StringComparison.Ordinal);
    }

    /// <summary>Splits <paramref name="line"/>; parameter kinds come from <paramref name="registry"/> (unknown names keep the next word as value).</summary>
    public static MagicLine Parse(string line, MagicCommandRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        if (!IsMagic(line)) throw new FormatException($"'{line}' is not a {MagicCommands.RootName} line.");
        var words = Words(line.Trim()[MagicCommands.RootName.Length..]);
        if (words.Count == 0) return new MagicLine(null, new Dictionary<string, string?>());
        var command = registry.Find(words[0]);
        var args = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (int i = 1; i < words.Count; i++)
        {
            var name = words[i];
            if (!name.StartsWith("--", StringComparison.Ordinal))
                throw new FormatException($"{MagicCommands.RootName} {words[0]}: '{name}' is not a --parameter; write --name value.");
            if (command?.FindParameter(name)?.Kind == MagicParameterKind.Flag) args[name] = "true";
            else if (i + 1 < words.Count && !words[i + 1].StartsWith("--", StringComparison.Ordinal)) args[name] = words[++i];
            else args[name] = ""; // the validator reports the missing value
        }
        return new MagicLine(words[0], args);
    }

    static List<string> Words(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        bool quoted = false, any = false;
        foreach (char c in text)
        {
            if (c == '"') { quoted = !quoted; any = true; }
            else if (char.IsWhiteSpace(c) && !quoted)
            {
                if (any) words.Add(current.ToString());
                current.Clear();
                any = false;
            }
            else { current.Append(c); any = true; }
        }
        if (quoted) throw new FormatException($"Unclosed quote in '{MagicCommands.RootName}{text}'.");
        if (any) words.Add(current.ToString());
        return words;
    }
}
