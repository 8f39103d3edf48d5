using System.Text;

namespace GapLab.Interactive.Magic;

/// <summary>Name conversions between magic-command parameters and the command properties .NET Interactive binds them to.</summary>
public static class MagicNames
{
    /// <summary><c>--max-epochs</c> -> <c>maxEpochs</c> (the kernel's own kebab-to-camel rule: drop leading dashes, upper-case the letter after each dash).</summary>
    public static string ToCamelCase(string parameterName)
    {
        ArgumentNullException.ThrowIfNull(parameterName);
        var s = parameterName.TrimStart('-');
        var sb = new StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '-' && i + 1 < s.Length) { sb.Append(char.ToUpperInvariant(s[++i])); continue; }
            sb.Append(s[i]);
        }
        return sb.ToString();
    }

    /// <summary>True for a usable C# variable name: a letter or underscore, then letters, digits or underscores.</summary>
    public static bool IsIdentifier(string? name) =>
        !string.IsNullOrEmpty(name) && (char.IsLetter(name[0]) || name[0] == '_') && name.All(c => char.IsLetterOrDigit(c) || c == '_');
}
