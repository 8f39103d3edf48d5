using System.Text.Json;

namespace GapLab.IO;

/// <summary>Reads a JSON configuration file (suite, testbed) into a record, turning parse errors into one line naming the file and line.</summary>
public static class JsonConfigReader
{
    /// <summary>The options every configuration file uses: snake_case keys, comments and trailing commas allowed, unknown keys rejected.</summary>
    public static JsonSerializerOptions CreateOptions() => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
    };

    public static T Read<T>(string json, string source, string kind, JsonSerializerOptions options) where T : class
    {
        T? value;
        try { value = JsonSerializer.Deserialize<T>(json, options); }
        catch (JsonException e)
        {
            throw new FormatException($"{source}: invalid {kind} JSON{(e.LineNumber is { } l ? $" at line {l + 1}" : "")}: {string.Concat(e.Message.Select(c => char.IsControl(c) ? ' ' : c))}");
        }
        return value ?? throw new FormatException($"{source}: the {kind} JSON is empty (null).");
    }
}
