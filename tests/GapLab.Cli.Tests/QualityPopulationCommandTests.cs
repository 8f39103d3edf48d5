using System.Globalization;
using System.Text;
using System.Text.Json;
using static GapLab.Cli.Tests.CliHarness;

namespace GapLab.Cli.Tests;

/// <summary>gaplab quality --runs, --ood and --corruption-files on two tiny MLPs trained for two epochs on 300 images.</summary>
public class QualityPopulationCommandTests
{
    static readonly Lazy<string> Runs = new(() =>
    {
        var dir = Directory.CreateTempSubdirectory("gaplab-quality-runs-").FullName;
        var suite = Path.Combine(dir, "suite.json");
        File.WriteAllText(suite, """{ "name": "qp", "models": ["mlp:depth=1,width=16", "mlp:depth=1,width=48"], "train_size": 300, "epochs": 2, "batch_size": 50 }""");
        var (code, _, err) = Gaplab("run", "--suite", suite, "--out", dir, "--device", "cpu");
        Assert.True(code == 0, err);
        return dir;
    });

    static readonly string[] Fast = { "--test-size", "60", "--corruptions", "contrast", "--pgd-steps", "1", "--device", "cpu" };

    [Fact]
    public void Runs_are_ranked_by_population_quba_with_contributions_that_add_up()
    {
        var (code, stdout, err) = Gaplab(new[] { "quality", "--runs", Runs.Value, "--ood", "shift:invert,shift:translate=3", "--format", "json" }.Concat(Fast).ToArray());
        Assert.True(code == 0, err);
        Assert.Contains("[2/2]", err); // progress on stderr
        Assert.Contains("warning: --runs has 2 completed model(s): population z-scores over fewer than 3 models are only a vote", err);
        Assert.Contains("262-model pool", Gaplab("quality", "--help").Out);
        using var doc = JsonDocument.Parse(stdout);
        Assert.StartsWith("population", doc.RootElement.GetProperty("quba_normalization").GetString());
        var models = doc.RootElement.GetProperty("models").EnumerateArray().ToArray();
        Assert.Equal(2, models.Length);
        Assert.Equal(new[] { 1, 2 }, models.Select(m => m.GetProperty("rank").GetInt32()));
        var scores = models.Select(m => m.GetProperty("quba").GetDouble()).ToArray();
        Assert.True(scores[0] >= scores[1]);
        foreach (var m in models)
        {
            double sum = m.EnumerateObject().Where(p => p.Name.EndsWith("_contribution", StringComparison.Ordinal) && p.Value.ValueKind == JsonValueKind.Number)
                .Sum(p => p.Value.GetDouble());
            Assert.Equal(m.GetProperty("quba").GetDouble(), sum, 9);
            Assert.InRange(m.GetProperty("ood_robustness").GetDouble(), 0, 2);
        }
        // with two models every weighted population z-score is +-1
        Assert.All(models.SelectMany(m => m.EnumerateObject()).Where(p => p.Name.EndsWith("_z", StringComparison.Ordinal) && p.Value.ValueKind == JsonValueKind.Number),
            p => Assert.Equal(1, Math.Abs(p.Value.GetDouble()), 9));
    }

    [Fact]
    public void Corruption_files_in_the_cifar10c_layout_replace_the_generated_corruptions()
    {
        var weights = Directory.GetFiles(Path.Combine(Runs.Value, "models"), "*.safetensors").First(f => !f.EndsWith(".init.safetensors", StringComparison.Ordinal));
        var dir = Directory.CreateTempSubdirectory("gaplab-c-files-").FullName;
        // 20 images of 28x28x1 per severity; severity s is a flat grey of level 50 s, labels 0..9 twice
        var pixels = Enumerable.Range(1, 5).SelectMany(s => Enumerable.Repeat((byte)(50 * s), 20 * 28 * 28)).ToArray();
        File.WriteAllBytes(Path.Combine(dir, "grey.npy"), Npy("|u1", "(100, 28, 28, 1)", pixels));
        File.WriteAllBytes(Path.Combine(dir, "labels.npy"), Npy("<i8", "(20,)", Enumerable.Range(0, 20).SelectMany(i => BitConverter.GetBytes((long)(i % 10))).ToArray()));
        var (code, stdout, err) = Gaplab("quality", "--weights", weights, "--corruption-files", dir, "--test-size", "60", "--pgd-steps", "1", "--device", "cpu", "--format", "json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(stdout);
        var cells = doc.RootElement.GetProperty("corruption_files").GetProperty("accuracy").EnumerateArray().ToArray();
        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, cells.Select(c => c.GetProperty("severity").GetInt32()));
        // a flat image gets one class for all 20 images, two of which carry that label
        Assert.All(cells, c => Assert.Equal(0.1, c.GetProperty("accuracy").GetDouble(), 12));
        var corruption = doc.RootElement.GetProperty("dimensions").EnumerateArray().Single(d => d.GetProperty("dimension").GetString() == "Corruption Robustness");
        Assert.Contains("corruption files", corruption.GetProperty("method").GetString());
        Assert.DoesNotContain("corruption gaussian_noise", err);

        File.WriteAllBytes(Path.Combine(dir, "labels.npy"), Npy("<f4", "(20,)", new byte[80]));
        var (bad, _, message) = Gaplab("quality", "--weights", weights, "--corruption-files", dir, "--device", "cpu");
        Assert.Equal(2, bad);
        Assert.Contains("labels must be int64 (<i8) or uint8", message);
    }

    [Theory]
    [InlineData("--ood", "shift:blur", "unknown domain shift 'shift:blur'")]
    [InlineData("--ood", "two-spirals", "OOD set 'two-spirals' has samples [2]")]
    [InlineData("--ood", "/no/such/folder", "neither a domain shift")]
    [InlineData("--corruption-files", "/no/such/folder", "folder '/no/such/folder' does not exist")]
    public void Bad_ood_and_corruption_file_arguments_exit_with_2(string option, string value, string expected)
    {
        var weights = Directory.GetFiles(Path.Combine(Runs.Value, "models"), "*.safetensors").First(f => !f.EndsWith(".init.safetensors", StringComparison.Ordinal));
        var (code, _, err) = Gaplab("quality", "--weights", weights, option, value, "--device", "cpu", "--test-size", "20");
        Assert.Equal(2, code);
        Assert.Contains(expected, err);
    }

    [Fact]
    public void Weights_and_runs_are_mutually_exclusive()
    {
        var (code, _, err) = Gaplab("quality");
        Assert.Equal(2, code);
        Assert.Contains("either --weights FILE", err);
    }

    /// <summary>A version-1.0 .npy file: magic, version, header length, dict padded with spaces to a multiple of 64, newline, data.</summary>
    static byte[] Npy(string descr, string shape, byte[] data)
    {
        var dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
        int length = (10 + dict.Length + 1 + 63) / 64 * 64 - 10;
        var header = Encoding.ASCII.GetBytes(dict.PadRight(length - 1) + "\n");
        return new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)(length & 0xff), (byte)(length >> 8) }
            .Concat(header).Concat(data).ToArray();
    }
}
