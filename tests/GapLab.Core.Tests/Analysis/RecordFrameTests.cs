using System.Globalization;
using GapLab.Analysis;
using Microsoft.Data.Analysis;
using GapLab.IO;

namespace GapLab.Core.Tests.Analysis;

public class RecordFrameTests
{
    public enum Kind { Alpha, BetaGamma }
    public sealed record Inner(int A, string B);
    public sealed record Row(string Name, double Value, int Count, long Big, bool Flag, float Ratio, DateTime When, Kind Kind,
        double? Maybe, Inner? Sub, IReadOnlyList<int> Skipped, string? Note)
    {
        public double Twice => Value * 2;
    }

    static readonly Row[] Rows =
    [
        new("plain", 0.5, 3, 10_000_000_000, true, 0.25f, new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc), Kind.BetaGamma, null, new Inner(1, "x"), [1, 2], null),
        new("a,b \"q\"", double.NaN, -1, 0, false, 1.5f, new DateTime(2020, 1, 2, 0, 0, 0, DateTimeKind.Utc), Kind.Alpha, 1e-7, null, [], "two\nlines"),
    ];

    [Fact]
    public void Columns_are_snake_case_in_declaration_order_with_nested_flattened_and_collections_skipped()
    {
        var df = RecordFrame.ToDataFrame(Rows);
        Assert.Equal(
            ["name", "value", "count", "big", "flag", "ratio", "when", "kind", "maybe", "sub_a", "sub_b", "note", "twice"],
            df.Columns.Select(c => c.Name));
        Assert.IsType<DoubleDataFrameColumn>(df.Columns["value"]);
        Assert.IsType<Int32DataFrameColumn>(df.Columns["count"]);
        Assert.IsType<Int64DataFrameColumn>(df.Columns["big"]);
        Assert.IsType<BooleanDataFrameColumn>(df.Columns["flag"]);
        Assert.IsType<SingleDataFrameColumn>(df.Columns["ratio"]);
        Assert.IsType<StringDataFrameColumn>(df.Columns["kind"]);
        Assert.Equal(2, df.Rows.Count);
        Assert.Equal(10_000_000_000L, df.Columns["big"][0]);
        Assert.Equal("BetaGamma", df.Columns["kind"][0]);
        Assert.Null(df.Columns["maybe"][0]);
        Assert.Equal(1e-7, df.Columns["maybe"][1]);
        Assert.Equal(1, df.Columns["sub_a"][0]);
        Assert.Null(df.Columns["sub_b"][1]);
        Assert.Equal(1.0, df.Columns["twice"][0]);
        Assert.Equal(new DateTime(2020, 1, 2, 0, 0, 0, DateTimeKind.Utc), df.Columns["when"][1]);
    }

    [Fact]
    public void Csv_is_invariant_and_quoted()
    {
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            var sw = new StringWriter();
            RecordFrame.ToCsv(Rows, sw);
            Assert.Equal(
                "name,value,count,big,flag,ratio,when,kind,maybe,sub_a,sub_b,note,twice\n" +
                "plain,0.5,3,10000000000,true,0.25,2024-05-06T07:08:09.0000000Z,BetaGamma,,1,x,,1\n" +
                "\"a,b \"\"q\"\"\",NaN,-1,0,false,1.5,2020-01-02T00:00:00.0000000Z,Alpha,1E-07,,,\"two\nlines\",NaN\n",
                sw.ToString());
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Empty_list_still_has_the_columns()
    {
        var df = RecordFrame.ToDataFrame(Array.Empty<Inner>());
        Assert.Equal(["a", "b"], df.Columns.Select(c => c.Name));
        Assert.Equal(0, df.Rows.Count);
    }

    [Fact]
    public void Train_results_flatten_final_metrics_and_skip_epochs_and_tensors()
    {
        var result = new GapLab.Training.TrainResult(GapLab.Training.TrainStatus.EarlyStopped, [],
            new GapLab.Training.FinalMetrics(0.1, 0.99, 0.9, 0.8), 120, 3.5, 40, null, 4, "m", null, "n", "c", []);
        var df = RecordFrame.ToDataFrame([result]);
        var names = df.Columns.Select(c => c.Name).ToList();
        Assert.Equal(["status", "final_train_loss", "final_train_accuracy", "final_test_loss", "final_test_accuracy", "total_steps"], names.Take(6));
        Assert.DoesNotContain("epochs", names);
        Assert.DoesNotContain("initial_state", names);
        Assert.Equal("EarlyStopped", df.Columns["status"][0]);
        Assert.Equal(0.8, df.Columns["final_test_accuracy"][0]);
        Assert.Equal(40L, df.Columns["steps_to_ce01"][0]);
        Assert.Null(df.Columns["steps_ce01_to_ce001"][0]);
    }

    [Theory]
    [InlineData("TrainLoss", "train_loss")]
    [InlineData("StepsToCe01", "steps_to_ce01")]
    [InlineData("HTTPServer", "http_server")]
    [InlineData("ValAccuracy", "val_accuracy")]
    [InlineData("Epoch", "epoch")]
    [InlineData("Io2Rate", "io2_rate")]
    public void Snake_case(string name, string expected) => Assert.Equal(expected, RecordFrame.ToSnakeCase(name));
}
