using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace GapLab.Interactive.Reports;

/// <summary>
/// The small part of Markdown that notebook text cells use, to HTML: <c>#</c>..<c>######</c> headings, paragraphs, fenced code
/// blocks, <c>*</c>/<c>-</c> bullet lists, and inline <c>`code`</c>, <c>**bold**</c>, <c>*italic*</c> and <c>[text](url)</c>.
/// Everything else is shown as text (HTML in the source is escaped).
/// </summary>
public static partial class MiniMarkdown
{
    public static string ToHtml(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var html = new StringBuilder();
        var paragraph = new List<string>();
        bool inList = false, inCode = false;
        void FlushParagraph()
        {
            if (paragraph.Count > 0) html.Append("<p>").Append(Inline(string.Join(" ", paragraph))).Append("</p>\n");
            paragraph.Clear();
        }
        void CloseList()
        {
            if (inList) html.Append("</ul>\n");
            inList = false;
        }
        foreach (var raw in markdown.Replace("\r\n", "\n").Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                FlushParagraph();
                CloseList();
                html.Append(inCode ? "</code></pre>\n" : "<pre><code>");
                inCode = !inCode;
                continue;
            }
            if (inCode) { html.Append(WebUtility.HtmlEncode(raw)).Append('\n'); continue; }
            if (line.Length == 0) { FlushParagraph(); CloseList(); continue; }
            var heading = Heading().Match(line);
            if (heading.Success)
            {
                FlushParagraph();
                CloseList();
                int level = heading.Groups[1].Length;
                html.Append($"<h{level}>").Append(Inline(heading.Groups[2].Value)).Append($"</h{level}>\n");
                continue;
            }
            var item = Bullet().Match(line);
            if (item.Success)
            {
                FlushParagraph();
                if (!inList) html.Append("<ul>\n");
                inList = true;
                html.Append("<li>").Append(Inline(item.Groups[1].Value)).Append("</li>\n");
                continue;
            }
            paragraph.Add(line.Trim());
        }
        if (inCode) html.Append("</code></pre>\n");
        FlushParagraph();
        CloseList();
        return html.ToString();
    }

    /// <summary>Inline markup of one already-joined paragraph or heading.</summary>
    static string Inline(string text)
    {
        var parts = text.Split('`');
        var sb = new StringBuilder();
        for (int i = 0; i < parts.Length; i++)
        {
            var encoded = WebUtility.HtmlEncode(parts[i]);
            if (i % 2 == 1 && i < parts.Length - 1) { sb.Append("<code>").Append(encoded).Append("</code>"); continue; }
            if (i % 2 == 1) sb.Append('`'); // unmatched backtick
            encoded = Bold().Replace(encoded, "<b>$1</b>");
            encoded = Italic().Replace(encoded, "<i>$1</i>");
            encoded = Link().Replace(encoded, "<a href=\"$2\">$1</a>");
            sb.Append(encoded);
        }
        return sb.ToString();
    }

    [GeneratedRegex(@"^(#{1,6})\s+(.*)$")] private static partial Regex Heading();
    [GeneratedRegex(@"^\s*[*-]\s+(.*)$")] private static partial Regex Bullet();
    [GeneratedRegex(@"\*\*(.+?)\*\*")] private static partial Regex Bold();
    [GeneratedRegex(@"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")] private static partial Regex Italic();
    [GeneratedRegex(@"\[([^\]]+)\]\((https?://[^)\s]+|[^)\s:]+)\)")] private static partial Regex Link();
}
