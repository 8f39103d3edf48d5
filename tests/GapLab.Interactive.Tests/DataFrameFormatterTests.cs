using GapLab.Interactive.Formatting;
using Microsoft.Data.Analysis;

namespace GapLab.Interactive.Tests;

public class DataFrameFormatterTests
{
    static DataFrame Frame(int rows) => new(
        new StringDataFrameColumn("model", Enumerable.Range(0, rows).Select(i => $"m{i}")),
        new Int64DataFrameColumn("params", Enumerable.Range(0, rows).Select(i => (long?)(1000 * (i + 1)))),
        new DoubleDataFrameColumn("gap", Enumerable.Range(0, rows).Select(i => i == 1 ? (double?)null : 1.0 / 3 + i)));

    [Fact]
    public void Header_has_column_types_and_cells_are_compact_invariant_numbers()
    {
        var html = DataFrameFormatter.ToHtml(Frame(3));
        Assert.Equal(["modelstring", "paramslong", "gapdouble"], HtmlDocument.Headers(html));
        var rows = HtmlDocument.Rows(html);
        Assert.Equal(["m0", "1000", "0.333333"], rows[1]);
        Assert.Equal(["m1", "2000", "null"], rows[2]);
        Assert.Equal(["m2", "3000", "2.33333"], rows[3]);
        Assert.Equal("3 rows × 3 columns", HtmlDocument.Footer(html));
    }

    [Fact]
    public void Long_frames_show_the_first_25_rows_and_say_how_many_more()
    {
        var html = DataFrameFormatter.ToHtml(Frame(40));
        var rows = HtmlDocument.Rows(html);
        Assert.Equal(1 + DataFrameFormatter.PageSize, rows.Count);
        Assert.Equal("m24", rows[^1][0]);
        Assert.Equal("40 rows × 3 columns; 15 more rows", HtmlDocument.Footer(html));
        var text = DataFrameFormatter.ToText(Frame(40));
        Assert.EndsWith("… 15 more rows", text);
        Assert.Equal(1 + 25 + 1, text.Split(Environment.NewLine).Length);
    }

    [Fact]
    public void Column_names_are_html_encoded()
    {
        var html = DataFrameFormatter.ToHtml(new DataFrame(new Int32DataFrameColumn("<a&b>", [1])));
        Assert.Contains("&lt;a&amp;b&gt;", html);
        Assert.Equal("<a&b>int", HtmlDocument.Headers(html)[0]);
    }
}
