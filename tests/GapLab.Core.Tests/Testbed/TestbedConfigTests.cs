using GapLab.Testbed;

namespace GapLab.Core.Tests.Testbed;

public class TestbedConfigTests
{
    [Fact]
    public void BuiltInsAreValidAndRoundTripThroughJson()
    {
        foreach (var c in BuiltInTestbeds.All)
        {
            c.Validate();
            var back = TestbedConfig.FromJson(c.ToJson(), c.Name);
            Assert.Equal(c.ToJson(), back.ToJson());
        }
        var fm = BuiltInTestbeds.Resolve("FASHION-MNIST");
        Assert.Equal(3 * 5 * 4, fm.Models.Count * fm.SsimLevels.Count * fm.UnseenCounts.Count);
        Assert.Contains("\"route\": \"autoencoder\"", BuiltInTestbeds.Cifar100.ToJson());
        Assert.Equal(9 * 6, BuiltInTestbeds.Cifar100.SsimLevels.Count * BuiltInTestbeds.Cifar100.UnseenCounts.Count);
    }

    [Fact]
    public void JsonUsesSnakeCaseKeysAndStringEnums()
    {
        var c = TestbedConfig.FromJson("""
            { "models": ["mlp:width=8", "mlp:width=16"], "ssim_levels": [0.8, 1.0], "unseen_counts": [0, 5], "route": "autoencoder",
              "trade_off": { "weights": [0.285, 0.8, 0.8], "size_scale": "log" } }
            """);
        Assert.Equal(DistortionRoute.Autoencoder, c.Route);
        Assert.Equal([0.285, 0.8, 0.8], c.TradeOff.Weights);
        Assert.Equal(SizeScale.Log, c.TradeOff.SizeScale);
        Assert.Equal(10, c.TradeOff.BarrierRate);
    }

    [Theory]
    [InlineData("""{ "models": [] }""", "'models' is empty")]
    [InlineData("""{ "models": ["mlp"], "unseen_counts": [0, 6] }""", "'unseen_counts'")]
    [InlineData("""{ "models": ["mlp"], "ssim_levels": [0, 1] }""", "'ssim_levels'")]
    [InlineData("""{ "models": ["mlp"], "unseen_order": [4, 5] }""", "'unseen_order'")]
    [InlineData("""{ "models": ["nope"] }""", "Unknown model 'nope'")]
    [InlineData("""{ "models": ["mlp"], "route": "magic" }""", "invalid testbed JSON")]
    [InlineData("""{ "models": ["mlp"], "epochz": 3 }""", "epochz")]
    [InlineData("""{ "models": ["mlp"], "trade_off": { "weights": [1] } }""", "Weights")]
    [InlineData("""{ "models": ["mlp"], "trade_off": { "method": "slsqp" } }""", "invalid testbed JSON")]
    [InlineData("""{ "models": ["mlp"], "trade_off": { "method": "reference" } }""", "method reference needs at least two")]
    public void BadConfigurationsNameTheField(string json, string expected)
    {
        var e = Assert.ThrowsAny<Exception>(() => TestbedConfig.FromJson(json, "t.json"));
        Assert.True(e is ArgumentException or FormatException);
        Assert.Contains(expected, e.Message);
        Assert.Contains("t.json", e.Message);
    }

    [Fact]
    public void TheTradeOffMethodIsGridUnlessTheJsonOrAFrontEndSaysReference()
    {
        var fm = BuiltInTestbeds.FashionMnist;
        Assert.Equal(TradeOffMethod.Grid, fm.TradeOff.Method);
        Assert.Contains("\"method\": \"grid\"", fm.ToJson());
        var json = TestbedConfig.FromJson("""{ "models": ["mlp:width=8", "mlp:width=16"], "ssim_levels": [0.8, 1.0], "unseen_counts": [0, 5], "trade_off": { "method": "reference" } }""");
        Assert.Equal(TradeOffMethod.Reference, json.TradeOff.Method);
        Assert.Same(json, json.WithTradeOffMethod(null)); // no option: the configuration's own
        Assert.Equal(TradeOffMethod.Grid, json.WithTradeOffMethod("GRID").TradeOff.Method);
        Assert.Equal(TradeOffMethod.Reference, fm.WithTradeOffMethod("reference").Validate().TradeOff.Method);
        Assert.Equal([1.0, 1.0, 1.0], fm.WithTradeOffMethod("reference").TradeOff.Weights); // the other settings stay
        Assert.Contains("use grid", Assert.Throws<ArgumentException>(() => fm.WithTradeOffMethod("slsqp")).Message);
        Assert.Throws<ArgumentException>(() => fm.WithTradeOffMethod("1"));
        // the autoencoder's training data and the SSIM axis' coordinate, with their defaults
        Assert.Equal((AutoencoderData.Train, SsimCoordinate.Target), (fm.AutoencoderData, fm.TradeOff.SsimCoordinate));
        var other = TestbedConfig.FromJson("""{ "models": ["mlp:width=8"], "autoencoder_data": "test", "trade_off": { "ssim_coordinate": "achieved" } }""");
        Assert.Equal((AutoencoderData.Test, SsimCoordinate.Achieved), (other.AutoencoderData, other.TradeOff.SsimCoordinate));
        Assert.Contains("\"ssim_coordinate\": \"achieved\"", other.ToJson());
    }

    [Fact]
    public void UnknownNamesListTheBuiltIns()
    {
        var e = Assert.Throws<ArgumentException>(() => BuiltInTestbeds.Resolve("imagenet"));
        Assert.Contains("fashion-mnist", e.Message);
        Assert.Throws<FileNotFoundException>(() => BuiltInTestbeds.Resolve("/no/such/testbed.json"));
    }
}
