using System.Text.RegularExpressions;

namespace GapLab.Interactive.Tests;

/// <summary>Reads a .dib notebook: cells start at a line that is only <c>#!kernel-name</c> (csharp, markdown, meta, ...).</summary>
static class DibFile
{
    static readonly Regex CellMarker = new(@"^#!([A-Za-z][\w-]*)\s*$", RegexOptions.Compiled);

    public static string ExtensionPath => Path.Combine(AppContext.BaseDirectory, "extension.dib");

    /// <summary>The C# cells, in order.</summary>
    public static IReadOnlyList<string> CSharpCells(string text)
    {
        var cells = new List<string>();
        string? kernel = null;
        var current = new List<string>();
        foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
        {
            var m = CellMarker.Match(line);
            if (m.Success)
            {
                Flush();
                kernel = m.Groups[1].Value;
                continue;
            }
            current.Add(line);
        }
        Flush();
        return cells;

        void Flush()
        {
            if (kernel == "csharp" && current.Any(l => l.Trim().Length > 0)) cells.Add(string.Join("\n", current));
            current.Clear();
        }
    }
}
