using System.CommandLine;

namespace GapLab.Cli.Commands;

/// <summary>The <c>--format table|csv|json</c> option of the commands that print a result, and its one check.</summary>
internal static class OutputFormat
{
    static readonly string[] Formats = ["table", "csv", "json"];

    /// <summary>A new <c>--format</c> option (default table) described by <paramref name="description"/>.</summary>
    public static Option<string> Create(string description = "table | csv | json") => new("--format") { Description = description, DefaultValueFactory = _ => "table" };

    /// <summary>The value of <paramref name="option"/> in lower case, or one line naming what is accepted.</summary>
    public static string Read(ParseResult parse, Option<string> option)
    {
        string given = parse.GetValue(option)!, format = given.Trim().ToLowerInvariant();
        return Formats.Contains(format) ? format : throw new ArgumentException($"--format '{given}' is not supported: use {string.Join(", ", Formats)}.");
    }
}
