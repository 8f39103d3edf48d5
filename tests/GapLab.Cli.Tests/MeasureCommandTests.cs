using System.Globalization;
using System.Text.Json;
using GapLab.Cli;

namespace GapLab.Cli.Tests;

public class MeasureCommandTests
{
    static (int Code, string Out, string Err) Gaplab(params string[] args)
    {
        var o = new StringWriter(CultureInfo.InvariantCulture);
        var e = new StringWriter(CultureInfo.InvariantCulture);
        int code = GapLabCli.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    static string TempDir() => Directory.CreateTempSubdirectory("gaplab-measure-").FullName;

    /// <summary>Trains one tiny BN CNN with <c>gaplab run</c> and returns the run folder and the model's file stem.</summary>
    static (string Dir, string Stem) TrainTinySuite()
    {
        var dir = TempDir();
        var suite = Path.Combine(dir, "tiny.json");
        File.WriteAllText(suite, """
            { "name": "tiny", "models": ["cnn:blocks=1,bn=true,width=0.125"], "seeds": [0], "train_size": 200,
              "epochs": 1, "batch_size": 50, "learning_rate": 0.05 }
            """);
        var (code, stdout, err) = Gaplab("run", "--suite", suite, "--out", dir, "--device", "cpu");
        Assert.True(code == 0, err + stdout);
        var weights = Directory.GetFiles(Path.Combine(dir, "models"), "*.safetensors").Single(f => !f.EndsWith(".init.safetensors"));
        return (dir, Path.GetFileNameWithoutExtension(weights));
    }

    [Fact]
    public void MeasuresATrainedSuiteModelAsCsvAndJson()
    {
        var (dir, stem) = TrainTinySuite();
        string w = Path.Combine(dir, "models", stem + ".safetensors"), init = Path.Combine(dir, "models", stem + ".init.safetensors");
        var fast = new[] { "--examples", "100", "--draws", "2", "--depth", "3", "--device", "cpu", "--train-size", "200" };
        var (code, stdout, err) = Gaplab(["measure", "--weights", w, "--init", init, "--format", "csv",
            "--measures", "PARAMS,LOG_PROD_OF_FRO,FRO_DIST,LOG_SPEC_INIT_MAIN_FFT,PATH_NORM,PACBAYES_FLATNESS,PGDL_DISTANCE_FROM_INIT", .. fast]);
        Assert.True(code == 0, err + stdout);
        var lines = stdout.Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("measure,value,raw_value,at_bound,cost,notes", lines[0]);
        Assert.Equal(8, lines.Length);
        var rows = lines.Skip(1).ToDictionary(l => l.Split(',')[0], l => l.Split(','));
        // cnn:blocks=1,width=0.125 on 1x28x28: conv 4x1x3x3, conv 4x4x3x3, linear 10x4 -> omega = 36 + 144 + 40 = 220, m = 200
        Assert.Equal(220, double.Parse(rows["PARAMS"][2], CultureInfo.InvariantCulture));
        Assert.Equal(Math.Sqrt(220.0 / 200), double.Parse(rows["PARAMS"][1], CultureInfo.InvariantCulture), 12);
        foreach (var r in rows.Values)
            Assert.True(double.IsFinite(double.Parse(r[1], CultureInfo.InvariantCulture)), string.Join(",", r));
        Assert.True(double.Parse(rows["FRO_DIST"][2], CultureInfo.InvariantCulture) > 0);

        (code, stdout, err) = Gaplab(["measure", "--weights", w, "--format", "json", "--measures", "PARAMS,FRO_DIST", "--store", dir, .. fast]);
        Assert.True(code == 0, err);
        // --store appended both measures to the run folder's store, linked to the run that trained the model
        Assert.Contains("2 measures appended to", err);
        var stored = GapLab.Store.ResultStore.Open(dir).Query(
            "SELECT m.measure, m.value, m.raw_value, r.train_size, s.command, s.command_line FROM measures m JOIN runs r USING (run_id) JOIN sessions s ON s.session_id = m.session_id ORDER BY m.measure");
        Assert.Equal(new[] { "FRO_DIST", "PARAMS" }, stored["measure"].Cast<string>());
        Assert.True(double.IsNaN((double)stored["value"][0]!)); // FRO_DIST without --init: not computed
        Assert.Equal(Math.Sqrt(220.0 / 200), (double)stored["value"][1]!, 12);
        Assert.Equal(220.0, stored["raw_value"][1]);
        Assert.Equal("measure", stored["command"][1]);
        Assert.Contains("--store", (string)stored["command_line"][1]!);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("cnn:blocks=1,bn=true,dropout=0,width=0.125", json.RootElement.GetProperty("model").GetString());
        var measures = json.RootElement.GetProperty("measures").EnumerateArray().ToArray();
        Assert.Equal(JsonValueKind.Null, measures[1].GetProperty("value").ValueKind); // FRO_DIST without --init
        Assert.Contains("initial weights", measures[1].GetProperty("notes").GetString());
    }

    [Fact]
    public void TrainingSubsetComesFromTheWeightsMetadataByDefault()
    {
        var dir = TempDir();
        File.WriteAllText(Path.Combine(dir, "s.json"), """
            { "name": "tiny-mlp", "models": ["mlp:depth=1,width=8"], "seeds": [3], "train_size": 200, "epochs": 1, "batch_size": 50, "learning_rate": 0.05 }
            """);
        var (code, stdout, err) = Gaplab("run", "--suite", Path.Combine(dir, "s.json"), "--out", dir, "--device", "cpu");
        Assert.True(code == 0, err + stdout);
        string w = Directory.GetFiles(Path.Combine(dir, "models"), "*.safetensors").Single(f => !f.EndsWith(".init.safetensors"));
        var meta = GapLab.Weights.Safetensors.ReadMetadata(w);
        Assert.Equal(new GapLab.Weights.TrainingSubset(200, 3), GapLab.Weights.TrainingSubset.FromMetadata(meta));
        // PARAMS = sqrt(omega / m): omega = 784·8 + 8·10 = 6352 weights; m = 200 from the metadata, not the 12,000 embedded images
        (code, stdout, err) = Gaplab("measure", "--weights", w, "--format", "csv", "--measures", "PARAMS", "--device", "cpu");
        Assert.True(code == 0, err + stdout);
        Assert.Contains("training subset from the weights' metadata: 200 images, seed 3", err);
        Assert.Equal(Math.Sqrt(6352.0 / 200), double.Parse(stdout.Trim().Split('\n')[1].Split(',')[1], CultureInfo.InvariantCulture), 12);
        // --train-size overrides it
        (code, stdout, err) = Gaplab("measure", "--weights", w, "--format", "csv", "--measures", "PARAMS", "--device", "cpu", "--train-size", "1000");
        Assert.True(code == 0, err + stdout);
        Assert.Equal(Math.Sqrt(6352.0 / 1000), double.Parse(stdout.Trim().Split('\n')[1].Split(',')[1], CultureInfo.InvariantCulture), 12);
    }

    [Theory]
    [InlineData("--measures", "NOPE", "Unknown complexity measure 'NOPE'")]
    [InlineData("--format", "xml", "--format 'xml' is not supported")]
    [InlineData("--train-size", "0", "--train-size 0 must be >= 1")]
    [InlineData("--draws", "0", "--draws 0 must be between 1 and 100,000")]
    [InlineData("--init", "/nonexistent/init.safetensors", "/nonexistent/init.safetensors")]
    public void BadOptionsAreOneErrorLineAndExitCode2(string option, string value, string expected)
    {
        var dir = TempDir();
        var (code, _, err) = Gaplab("measure", "--weights", Path.Combine(dir, "missing.safetensors"), option, value);
        Assert.Equal(2, code);
        Assert.Contains(expected, err);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public void MissingWeightsFileIsReported()
    {
        var dir = TempDir();
        var (code, _, err) = Gaplab("measure", "--weights", Path.Combine(dir, "missing.safetensors"), "--device", "cpu");
        Assert.Equal(2, code);
        Assert.Contains("missing.safetensors", err);
    }

    /// <summary>Saves an untrained <paramref name="spec"/> model for the embedded Fashion-MNIST input into <paramref name="dir"/>.</summary>
    static string SavedModel(string dir, string spec, string name)
    {
        GapLab.Runtime.TorchRuntime.EnsureLoaded();
        using var model = GapLab.Models.ModelRegistry.Create(spec, GapLab.Models.InputShape.Parse("1x28x28->10"));
        var path = Path.Combine(dir, name + ".safetensors");
        GapLab.Weights.ModelWeights.Save(model, path);
        return path;
    }

    [Fact]
    public void InitialWeightsOfAnotherModelAreOneErrorLine()
    {
        var dir = TempDir();
        string w = SavedModel(dir, "mlp:width=16,depth=1", "w"), init = SavedModel(dir, "mlp:width=32,depth=1", "init");
        var (code, _, err) = Gaplab("measure", "--weights", w, "--init", init, "--measures", "FRO_DIST", "--device", "cpu", "--train-size", "50");
        Assert.Equal(2, code);
        Assert.Contains("the initial weights do not match the model (names/shapes)", err);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("measure")]
    [InlineData("quality")]
    public void InvalidUtf8InTheHeaderIsOneErrorLine(string command)
    {
        var dir = TempDir();
        string w = SavedModel(dir, "mlp:width=16,depth=1", "w");
        var bytes = File.ReadAllBytes(w);
        int at = System.Text.Encoding.ASCII.GetString(bytes).IndexOf("mlp:", StringComparison.Ordinal);
        bytes[at] = 0xFF; // inside the gaplab.spec metadata value
        File.WriteAllBytes(w, bytes);
        var (code, _, err) = Gaplab(command, "--weights", w, "--device", "cpu");
        Assert.Equal(2, code);
        Assert.Contains("is not valid UTF-8 at file offset " + at, err);
        Assert.Single(err.Trim().Split('\n'));
    }
}
