using System.Globalization;
using GapLab.Analysis;
using GapLab.IO;

namespace GapLab.Core.Tests.Analysis;

public class CsvTableTests
{
    sealed record Row(string Model, double Acc, string? Note);

    [Fact]
    public void ReadsBackWhatRecordFrameWritesIncludingQuotedCommasQuotesAndNewlines()
    {
        var rows = new[] { new Row("mlp:depth=1,width=32", 0.5, "say \"hi\""), new Row("cnn", 0.25, "two\nlines"), new Row("x", 1, null) };
        var sw = new StringWriter(CultureInfo.InvariantCulture);
        RecordFrame.ToCsv(rows, sw);
        var t = CsvTable.Parse(sw.ToString());
        Assert.Equal(new[] { "model", "acc", "note" }, t.Header);
        Assert.Equal(3, t.Rows.Count);
        Assert.Equal("mlp:depth=1,width=32", t.Rows[0][0]);
        Assert.Equal("say \"hi\"", t.Rows[0][2]);
        Assert.Equal("two\nlines", t.Rows[1][2]);
        Assert.Equal("0.25", t.Rows[1][1]);
        Assert.Equal("", t.Rows[2][2]);
        Assert.Equal(new[] { "mlp:depth=1,width=32", "cnn", "x" }, t.Values("model"));
    }

    [Fact]
    public void RejectsRaggedRowsAndUnterminatedQuotesNamingTheLine()
    {
        var e = Assert.Throws<InvalidDataException>(() => CsvTable.Parse("a,b\n1,2\n3\n", "r.csv"));
        Assert.Contains("r.csv: line 3 has 1 fields, the header has 2", e.Message);
        Assert.Contains("line 2", Assert.Throws<InvalidDataException>(() => CsvTable.Parse("a\n\"open\n", "q.csv")).Message);
        Assert.Contains("no column 'zz'", Assert.Throws<InvalidDataException>(() => CsvTable.Parse("a\n1\n").Column("zz")).Message);
    }
}
