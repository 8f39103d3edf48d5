using System.Xml.Linq;

namespace GapLab.Interactive.Tests;

/// <summary>Parses formatter output (well-formed XHTML fragments) so tests can read table cells and attributes.</summary>
static class HtmlDocument
{
    public static XElement Parse(string html) => XElement.Parse("<root>" + html + "</root>");

    /// <summary>Rows of the n-th table: header texts first (when present), then body cell texts.</summary>
    public static List<string[]> Rows(string html, int table = 0)
    {
        var t = Parse(html).Descendants("table").ElementAt(table);
        return t.Descendants("tr").Where(tr => tr.Parent?.Name != "tfoot")
            .Select(tr => tr.Elements().Where(e => e.Name == "th" || e.Name == "td").Select(c => c.Value).ToArray()).ToList();
    }

    /// <summary>Header cells' texts of the n-th table (including nested small type names).</summary>
    public static string[] Headers(string html, int table = 0) =>
        Parse(html).Descendants("table").ElementAt(table).Descendants("th").Select(th => th.Value).ToArray();

    public static string Footer(string html, int table = 0) =>
        Parse(html).Descendants("table").ElementAt(table).Descendants("tfoot").Single().Value;

    public static string Caption(string html, int table = 0) =>
        Parse(html).Descendants("table").ElementAt(table).Element("caption")!.Value;

    /// <summary>Key/value card (first table) as a dictionary.</summary>
    public static Dictionary<string, string> Card(string html, int table = 0) =>
        Rows(html, table).Skip(1).ToDictionary(r => r[0], r => r[1]);
}
