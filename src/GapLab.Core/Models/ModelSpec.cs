using System.Globalization;
using System.Text;

namespace GapLab.Models;

/// <summary>
/// A model specification <c>name:key=value,key=value</c>, e.g. <c>mlp:depth=2,width=512</c>.
/// <see cref="ToString"/> prints parameters sorted by key, so equal specs print equally;
/// <see cref="ModelRegistry.Canonicalize(ModelSpec)"/> also fills in defaults and normalises numbers.
/// </summary>
public sealed class ModelSpec : IEquatable<ModelSpec>
{
    const string Syntax = "expected name:key=value,key=value, e.g. mlp:depth=2,width=512";

    public ModelSpec(string name, IReadOnlyDictionary<string, string>? parameters = null)
    {
        if (!IsIdentifier(name, allowDash: true))
            throw new ArgumentException($"Model name '{name}' is not valid: use lower-case letters, digits, '_' or '-', starting with a letter.", nameof(name));
        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in parameters ?? new Dictionary<string, string>())
        {
            if (!IsIdentifier(key, allowDash: false))
                throw new ArgumentException($"Parameter name '{key}' of model '{name}' is not valid: use lower-case letters, digits or '_', starting with a letter.", nameof(parameters));
            if (!IsValue(value))
                throw new ArgumentException($"Value '{value}' of parameter '{key}' of model '{name}' is not valid: use letters, digits, '.', '+', '-' or '_'.", nameof(parameters));
            sorted[key] = value;
        }
        Name = name;
        Parameters = sorted;
    }

    /// <summary>The architecture name, e.g. <c>resnet</c>.</summary>
    public string Name { get; }

    /// <summary>Raw parameter values as written, sorted by key (ordinal).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>Parses <c>name</c> or <c>name:key=value,key=value</c>. Names and keys are case-insensitive (stored lower-case).</summary>
    /// <exception cref="FormatException">The text is not a spec; the message names the bad part.</exception>
    public static ModelSpec Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new FormatException($"Model spec is empty ({Syntax}).");
        string s = text.Trim();
        int colon = s.IndexOf(':');
        string name = (colon < 0 ? s : s[..colon]).Trim().ToLowerInvariant();
        if (!IsIdentifier(name, allowDash: true))
            throw new FormatException($"Model spec '{text}': model name '{name}' is not valid; use lower-case letters, digits, '_' or '-' ({Syntax}).");
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (colon >= 0)
        {
            string rest = s[(colon + 1)..];
            if (rest.Trim().Length == 0)
                throw new FormatException($"Model spec '{text}': nothing after ':' ({Syntax}).");
            foreach (var rawPart in rest.Split(','))
            {
                string part = rawPart.Trim();
                int eq = part.IndexOf('=');
                if (part.Length == 0)
                    throw new FormatException($"Model spec '{text}': empty parameter (two commas or a trailing comma) ({Syntax}).");
                if (eq < 0)
                    throw new FormatException($"Model spec '{text}': parameter '{part}' is not key=value ({Syntax}).");
                string key = part[..eq].Trim().ToLowerInvariant();
                string value = part[(eq + 1)..].Trim();
                if (!IsIdentifier(key, allowDash: false))
                    throw new FormatException($"Model spec '{text}': parameter name '{key}' in '{part}' is not valid; use letters, digits or '_' ({Syntax}).");
                if (!IsValue(value))
                    throw new FormatException($"Model spec '{text}': value '{value}' in '{part}' is not valid; use letters, digits, '.', '+', '-' or '_' ({Syntax}).");
                if (!parameters.TryAdd(key, value))
                    throw new FormatException($"Model spec '{text}': parameter '{key}' is given twice.");
            }
        }
        return new ModelSpec(name, parameters);
    }

    /// <summary>Like <see cref="Parse"/> but returns false instead of throwing.</summary>
    public static bool TryParse(string text, out ModelSpec? spec)
    {
        try { spec = Parse(text); return true; }
        catch (FormatException) { spec = null; return false; }
    }

    /// <summary>A copy with <paramref name="key"/> set to <paramref name="value"/>.</summary>
    public ModelSpec With(string key, string value)
    {
        var p = new Dictionary<string, string>(Parameters, StringComparer.Ordinal) { [key] = value };
        return new ModelSpec(Name, p);
    }

    /// <summary>A copy with an integer or real parameter printed invariantly.</summary>
    public ModelSpec With(string key, double value) => With(key, value.ToString("R", CultureInfo.InvariantCulture));

    /// <summary><c>name</c> or <c>name:key=value,...</c> with keys sorted ordinally.</summary>
    public override string ToString()
    {
        if (Parameters.Count == 0) return Name;
        var sb = new StringBuilder(Name).Append(':');
        bool first = true;
        foreach (var (k, v) in Parameters)
        {
            if (!first) sb.Append(',');
            sb.Append(k).Append('=').Append(v);
            first = false;
        }
        return sb.ToString();
    }

    public bool Equals(ModelSpec? other) => other is not null && ToString() == other.ToString();
    public override bool Equals(object? obj) => Equals(obj as ModelSpec);
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    static bool IsIdentifier(string s, bool allowDash)
    {
        if (string.IsNullOrEmpty(s) || s[0] is < 'a' or > 'z') return false;
        foreach (char c in s)
            if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' || allowDash && c == '-')) return false;
        return true;
    }

    static bool IsValue(string s)
    {
        if (string.IsNullOrEmpty(s)) return false;
        foreach (char c in s)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '+' or '-' or '_')) return false;
        return true;
    }
}
