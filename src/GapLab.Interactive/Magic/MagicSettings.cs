using System.Text.Json;

namespace GapLab.Interactive.Magic;

/// <summary>
/// The <c>--with @csharp:SETTINGS</c> parameter every subcommand accepts: a C# object (anonymous, record, dictionary) whose
/// properties give parameter values, so a line needs only one <c>@csharp:</c> value (the kernel cannot bind two).
/// Property names match parameters as <c>TrainSize</c>, <c>trainSize</c> or <c>train-size</c>.
/// </summary>
public static class MagicSettings
{
    public const string ParameterName = "--with";

    public static MagicParameterDescriptor Parameter { get; } = new(ParameterName,
        "A C# object whose properties give more parameter values, e.g. var settings = new { TrainSize = 400, TestSize = 300 }; then --with @csharp:settings.");

    /// <summary>
    /// <paramref name="raw"/> with the <c>--with</c> object (JSON text, as the kernel serializes a <c>@csharp:</c> value)
    /// replaced by its properties; or a one-line error (not an object, unknown property, null value, given twice).
    /// </summary>
    public static (IReadOnlyDictionary<string, string?>? Arguments, string? Error) Expand(MagicCommandDescriptor command, IReadOnlyDictionary<string, string?> raw)
    {
        if (!raw.TryGetValue(ParameterName, out var json)) return (raw, null);
        string prefix = $"{MagicCommands.RootName} {command.Name}: {ParameterName}";
        if (json is null) return (null, $"{prefix} is null: give it a C# object, e.g. --with @csharp:settings.");
        var properties = Properties(json);
        if (properties is null)
            return (null, $"{prefix} '{json}' is not an object; give it a C# object, e.g. var settings = new {{ TrainSize = 400 }}; then --with @csharp:settings.");
        var result = raw.Where(a => a.Key != ParameterName).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        var accepted = command.Parameters.Where(p => p.Name != ParameterName).ToList();
        foreach (var property in properties)
        {
            var key = property.Name.TrimStart('-').Replace("-", "");
            var p = accepted.FirstOrDefault(q => string.Equals(q.CamelCaseName, key, StringComparison.OrdinalIgnoreCase));
            if (p is null)
                return (null, $"{prefix}: unknown property '{property.Name}'; accepted: {string.Join(", ", accepted.Select(q => char.ToUpperInvariant(q.CamelCaseName[0]) + q.CamelCaseName[1..]))}.");
            if (result.ContainsKey(p.Name))
                return (null, $"{prefix}: '{property.Name}' sets {p.Name}, which the line gives too; give it once.");
            result[p.Name] = property.Value;
            if (result[p.Name] is null)
                return (null, $"{prefix}: '{property.Name}' is null; give it a value or leave it out.");
        }
        return (result, null);
    }

    /// <summary>
    /// Name/value pairs of <paramref name="text"/>: a JSON object, or the text C# prints for an anonymous object or record
    /// (<c>{ TrainSize = 400, Out = /tmp/x }</c>, <c>Settings { ... }</c>), which is what the kernel hands over for one; null otherwise.
    /// </summary>
    internal static IReadOnlyList<(string Name, string? Value)>? Properties(string text)
    {
        text = text.Trim();
        if (text.StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                    return document.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.ValueKind switch
                    {
                        JsonValueKind.String => p.Value.GetString(),
                        JsonValueKind.True => "true",
                        JsonValueKind.False => "false",
                        JsonValueKind.Null => null,
                        _ => p.Value.GetRawText(),
                    })).ToList();
            }
            catch (JsonException)
            {
            }
        }
        var match = PrintedObject.Match(text);
        if (!match.Success) return null;
        var body = match.Groups["body"].Value;
        if (body.Length == 0) return [];
        var pairs = PrintedProperty.Matches(body);
        if (pairs.Sum(m => m.Length) != body.Length) return null;
        return pairs.Select(m => (m.Groups["name"].Value, (string?)m.Groups["value"].Value)).ToList();
    }

    static readonly System.Text.RegularExpressions.Regex PrintedObject = new(@"^(?:[A-Za-z_][\w.`<>, ]*\s)?\{\s?(?<body>.*?)\s?\}$", System.Text.RegularExpressions.RegexOptions.Singleline);

    static readonly System.Text.RegularExpressions.Regex PrintedProperty = new(@"(?<name>[A-Za-z_]\w*) = (?<value>.*?)(?:, (?=[A-Za-z_]\w* = )|$)", System.Text.RegularExpressions.RegexOptions.Singleline);
}
