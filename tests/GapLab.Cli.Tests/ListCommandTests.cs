using System.Globalization;
using GapLab.Cli;

namespace GapLab.Cli.Tests;

public class ListCommandTests
{
    static (int Code, string Out, string Err) Gaplab(params string[] args)
    {
        var o = new StringWriter(CultureInfo.InvariantCulture);
        var e = new StringWriter(CultureInfo.InvariantCulture);
        int code = GapLabCli.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void List_shows_each_registry_as_a_listing_csv_or_json()
    {
        var (code, text, _) = Gaplab("list");
        Assert.Equal(0, code);
        Assert.StartsWith("mlp       [model family] Fully connected ReLU network on flattened input", text);
        Assert.Contains("\n            width=512 (integer in [1, 1048576]): units per hidden layer\n", text.ReplaceLineEndings("\n"));

        var (csvCode, csv, _) = Gaplab("list", "--what", "measures", "--format", "csv");
        Assert.Equal(0, csvCode);
        var lines = csv.ReplaceLineEndings("\n").TrimEnd().Split('\n');
        Assert.Equal("name,category,summary,details", lines[0]);
        Assert.Equal(1 + GapLab.Metrics.Complexity.MeasureCatalog.All.Count, lines.Length);
        Assert.Equal("PARAMS,trivial,omega (number of weight entries),family ParameterCountMeasure; dataset-size adjusted", lines[1]);

        var (jsonCode, json, _) = Gaplab("list", "--what", "corruptions", "--corruption-set", "cifar10-c", "--format", "json");
        Assert.Equal(0, jsonCode);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(15, doc.RootElement.GetArrayLength());
        Assert.StartsWith("1: alpha=0px, sigma=0px, affine=2.56px at 32x32", doc.RootElement.EnumerateArray()
            .Single(e => e.GetProperty("name").GetString() == "elastic_transform").GetProperty("details").GetString());
    }

    [Fact]
    public void A_bad_list_name_or_format_is_one_line_and_exit_2()
    {
        var (code, _, err) = Gaplab("list", "--what", "nosuch");
        Assert.Equal(2, code);
        Assert.StartsWith("gaplab: --what 'nosuch' is not accepted; use one of: models, measures, corruptions, datasets, suites, testbeds.", err);
        var (fcode, _, ferr) = Gaplab("list", "--format", "xml");
        Assert.Equal(2, fcode);
        Assert.StartsWith("gaplab: --format 'xml' is not supported: use table, csv, json.", ferr);
    }
}
