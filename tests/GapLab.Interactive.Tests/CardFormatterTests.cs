using GapLab.Data;
using GapLab.Interactive.Formatting;
using GapLab.Runtime;

namespace GapLab.Interactive.Tests;

public class CardFormatterTests
{
    internal static Dataset Tiny(string name = "tiny") => new(name,
        features: [0f, 1f, 0.5f, 0.5f, 1f, 1f],  // 3 samples of shape [2]
        labels: [0, 1, 1],
        sampleShape: [2],
        classNames: ["cat", "dog"]);

    [Fact]
    public void Dataset_summary_has_hand_computed_counts_and_feature_statistics()
    {
        var s = DatasetSummary.Of(Tiny());
        Assert.Equal(3, s.Count);
        Assert.Equal([1, 2], s.ClassCounts);
        Assert.Equal(0, s.FeatureMin);
        Assert.Equal(1, s.FeatureMax);
        Assert.Equal(4.0 / 6, s.FeatureMean, 12);
        // deviations from 2/3: -2/3, 1/3, -1/6, -1/6, 1/3, 1/3 -> squares sum 4/9+3/9+2/36 = 5/6 -> /6
        Assert.Equal(Math.Sqrt(5.0 / 36), s.FeatureStd, 12);
        Assert.Equal(Tiny().Fingerprint, s.Fingerprint);
    }

    [Fact]
    public void Dataset_card_and_class_table_cells()
    {
        var html = DatasetFormatter.ToHtml(Tiny());
        var card = HtmlDocument.Card(html);
        Assert.Equal("3", card["samples"]);
        Assert.Equal("[2]", card["sample shape"]);
        Assert.Equal("2", card["classes"]);
        Assert.Equal("0.666667", card["feature mean"]);
        Assert.StartsWith(Tiny().Fingerprint[..16], card["fingerprint"]);
        var classes = HtmlDocument.Rows(html, table: 1);
        Assert.Equal(["0", "cat", "1", "33.3%"], classes[1]);
        Assert.Equal(["1", "dog", "2", "66.7%"], classes[2]);
    }

    [Fact]
    public void Split_card_shows_both_parts_labelled()
    {
        var html = DatasetFormatter.ToHtml(new DatasetSplit(Tiny(), Tiny().Subset([0])));
        Assert.Equal("tiny (train)", HtmlDocument.Caption(html, 0));
        Assert.Equal("tiny (test)", HtmlDocument.Caption(html, 2));
        Assert.Equal("1", HtmlDocument.Card(html, 2)["samples"]);
    }

    [Fact]
    public void Runtime_card_shows_requested_and_resolved_device()
    {
        var info = new RuntimeInfo("auto", "cpu", 2, 7, "0.107.0", "2.10.0", "patched", "0.1.0", "Linux", 2);
        var card = HtmlDocument.Card(RuntimeInfoFormatter.ToHtml(info));
        Assert.Equal("cpu (requested auto)", card["device"]);
        Assert.Equal("2", card["threads"]);
        Assert.Equal("7", card["seed"]);
        Assert.Equal("2.10.0", card["libtorch"]);
        Assert.Matches(@"\n  seed +7\n", RuntimeInfoFormatter.ToText(info));
        Assert.Contains("kernel self-check", RuntimeInfoFormatter.ToText(info));
    }
}
