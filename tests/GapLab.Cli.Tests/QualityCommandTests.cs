using System.Globalization;
using System.Text.Json;
using GapLab.Cli;
using static GapLab.Cli.Tests.CliHarness;

namespace GapLab.Cli.Tests;

public class QualityCommandTests
{
    static string TrainTinyModel()
    {
        var dir = Directory.CreateTempSubdirectory("gaplab-quality-").FullName;
        var suite = Path.Combine(dir, "suite.json");
        File.WriteAllText(suite, """{ "name": "q", "models": ["mlp:depth=1,width=32"], "train_size": 600, "epochs": 2, "batch_size": 50 }""");
        var (code, _, err) = Gaplab("run", "--suite", suite, "--out", dir, "--device", "cpu");
        Assert.True(code == 0, err);
        return Directory.GetFiles(Path.Combine(dir, "models"), "*.safetensors").Single(f => !f.EndsWith(".init.safetensors", StringComparison.Ordinal));
    }

    [Fact]
    public void ReportsEveryDimensionAndAQubaWhoseContributionsAddUp()
    {
        var weights = TrainTinyModel();
        var storeDir = Path.GetDirectoryName(Path.GetDirectoryName(weights))!;
        var (code, stdout, err) = Gaplab("quality", "--weights", weights, "--test-size", "100", "--corruptions", "gaussian_noise,contrast,glass_blur",
            "--corruption-set", "cifar10-c", "--pgd-steps", "2", "--format", "json", "--device", "cpu", "--store", storeDir);
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(stdout);
        // the corruption set is recorded: by name with where its constants come from, and in the dimension's method
        Assert.Equal("cifar10-c", doc.RootElement.GetProperty("corruption_set").GetProperty("name").GetString());
        Assert.StartsWith("make_cifar_c.py", doc.RootElement.GetProperty("corruption_set").GetProperty("constants").GetString());
        var dims = doc.RootElement.GetProperty("dimensions").EnumerateArray().ToArray();
        Assert.Equal(9, dims.Length);
        double sum = 0;
        foreach (var d in dims)
        {
            var name = d.GetProperty("dimension").GetString();
            if (name is "OOD Robustness" or "Object Focus" or "Shape Bias")
            {
                Assert.Equal(JsonValueKind.Null, d.GetProperty("value").ValueKind);
                Assert.StartsWith("not available: needs", d.GetProperty("method").GetString());
                continue;
            }
            Assert.Equal(JsonValueKind.Number, d.GetProperty("value").ValueKind);
            sum += d.GetProperty("contribution").GetDouble();
        }
        var accuracy = dims.Single(d => d.GetProperty("dimension").GetString() == "Accuracy").GetProperty("value").GetDouble();
        Assert.InRange(accuracy, 0.4, 1.0);
        Assert.Equal(100, doc.RootElement.GetProperty("samples").GetInt32());
        Assert.Equal(doc.RootElement.GetProperty("quba").GetProperty("score").GetDouble(), sum, 9);
        // --store: one row per dimension plus QUBA, linked to the run that trained the model
        var stored = GapLab.Store.ResultStore.Open(storeDir).Query("SELECT q.dimension, q.value, q.samples FROM quality q JOIN runs r USING (run_id) ORDER BY q.dimension");
        Assert.Equal(10, stored.Rows.Count);
        var byName = Enumerable.Range(0, 10).ToDictionary(i => (string)stored["dimension"][i]!, i => stored["value"][i] as double?);
        Assert.Equal(doc.RootElement.GetProperty("quba").GetProperty("score").GetDouble(), byName["QUBA"]!.Value, 12);
        Assert.Equal(accuracy, byName["accuracy"]!.Value, 12);
        Assert.Null(byName["shape_bias"]);
        Assert.Equal(100, stored["samples"][0]);
        var corruption = dims.Single(d => d.GetProperty("dimension").GetString() == "Corruption Robustness").GetProperty("method").GetString();
        Assert.Contains("3 generated corruptions (set cifar10-c)", corruption);
    }

    [Fact]
    public void AnUnknownCorruptionSetIsOneLineListingTheAcceptedNames()
    {
        var (code, _, err) = Gaplab("quality", "--weights", "/nonexistent.safetensors", "--corruption-set", "nosuch");
        Assert.Equal(2, code);
        Assert.Equal("gaplab: --corruption-set 'nosuch' is not accepted; use one of: gaplab-monotone, cifar10-c. (see 'gaplab quality --help')", err.Trim());
    }

    [Theory]
    [InlineData("--format", "xml", "--format 'xml'")]
    [InlineData("--quba-weights", "accuracy=high", "not name=number")]
    [InlineData("--quba-weights", "accuracy=1,shape_bias=0.5", "Shape Bias (weight 0.5): not available: needs the model-vs-human cue-conflict images")]
    [InlineData("--quba-weights", "ood_robustness=1", "OOD Robustness (weight 1): not available: needs shifted test sets")]
    [InlineData("--dimensions", "beauty", "Unknown quality dimension 'beauty'")]
    [InlineData("--corruptions", "rain", "unknown corruption 'rain'")]
    public void BadOptionsExitWith2(string option, string value, string expected)
    {
        var (code, _, err) = Gaplab("quality", "--weights", "/nonexistent.safetensors", option, value);
        Assert.Equal(2, code);
        Assert.Contains(expected, err);
    }

    [Fact]
    public void MissingWeightsFileIsNamed()
    {
        var (code, _, err) = Gaplab("quality", "--weights", "/nonexistent.safetensors");
        Assert.Equal(2, code);
        Assert.Contains("/nonexistent.safetensors", err);
    }
}
