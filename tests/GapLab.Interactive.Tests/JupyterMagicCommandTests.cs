using System.Text.Json.Nodes;

namespace GapLab.Interactive.Tests;

/// <summary>
/// <c>#!gaplab</c> through the released kernel's own directive parser (the packed extension loaded by <c>#i</c>/<c>#r</c> in
/// <c>jupyter nbconvert</c>): the one-line load message, help, C# values in and out, formatters, and every bad-argument path
/// the kernel hides from the handler (unknown subcommand, unknown parameter, null value).
/// </summary>
[Collection(ReleasedKernelCollection.Name)]
public class JupyterMagicCommandTests(PackedExtensionFixture packed)
{
    [JupyterTheory]
    [InlineData("probe")]
    public void Magic_commands_bind_values_and_fail_with_one_line_in_the_real_kernel(string name)
    {
        string[] sources =
        [
            $"#i \"nuget:{packed.Feed}\"\n#r \"nuget:GapLab.Interactive,{packed.Version}\"",                 // 0
            "#!gaplab",                                                                                         // 1 help
            "#!gaplab nosuchcommand",                                                                           // 2
            "#!gaplab device --frobnicate 3",                                                                   // 3
            "string nothing = null;\nint n = 120;\nvar sizes = new { TrainSize = 100, TestSize = 50 };",       // 4
            "#!gaplab load --train-size @csharp:nothing --seed 0",                                              // 5
            "#!gaplab load --with @csharp:sizes --seed 0 --as data",                                            // 6
            "$\"{data.Train.Count} {data.Test.Count}\"",                                                       // 7
            "#!gaplab load --train-size @csharp:n --test-size 50 --seed 0 --as small",                          // 8
            "$\"{small.Train.Count}\"",                                                                         // 9
            "#!gaplab data --from data --split valid",                                                          // 10
            "#!gaplab model --spec mlp:depth=1,width=8 --seed 0 --as net",                                      // 11
        ];
        var cells = Run(name, sources);

        Assert.Null(Error(cells[0]));
        Assert.Matches(@"GapLab \S+ loaded: #!gaplab", Text(cells[0], "text/plain")); // the version of the packed (Debug) build
        Assert.Contains("#!gaplab device [--device auto]", Text(cells[1], "text/html"));
        Assert.Equal("#!gaplab: unknown subcommand 'nosuchcommand'; use one of: device, data, load, model, train, run, gap, report, quality, store, testbed, diversity, measures, correlate, benchmark, list.", Error(cells[2]));
        Assert.Equal("#!gaplab device: unknown parameter '--frobnicate'; accepted: --device, --threads, --seed, --as, --with.", Error(cells[3]));
        Assert.Null(Error(cells[4]));
        Assert.StartsWith("#!gaplab load: --train-size arrived as null: its @csharp: value is null", Error(cells[5]));
        Assert.Null(Error(cells[6]));
        Assert.Contains("100 50", Text(cells[7], "text/plain"));
        Assert.Null(Error(cells[8]));
        Assert.Contains("120", Text(cells[9], "text/plain"));
        Assert.Equal("#!gaplab data: --split 'valid' is not accepted; use one of: both, train, test.", Error(cells[10]));
        Assert.Null(Error(cells[11]));
        Assert.Contains("<table", Text(cells[11], "text/html")); // the module formatter, applied by the kernel
        // every GapLab output carries a text/plain alternative next to its HTML (displayed values and help)
        Assert.Contains("mlp:depth=1,dropout=0,width=8", Text(cells[11], "text/plain"));
        Assert.Contains("fashion-mnist-embedded", Text(cells[6], "text/plain"));
        Assert.Contains("#!gaplab device [--device auto]", Text(cells[1], "text/plain"));
        Assert.All(cells, c => Assert.DoesNotContain(c, o => (string?)o!["output_type"] == "error" && ((string?)o!["evalue"])!.Contains('\n')));
    }

    /// <summary>Runs <paramref name="sources"/> as the code cells of a new notebook under nbconvert; the outputs of each cell.</summary>
    List<JsonArray> Run(string name, string[] sources)
    {
        var nb = new JsonObject
        {
            ["cells"] = new JsonArray(sources.Select(s => (JsonNode)new JsonObject
            {
                ["cell_type"] = "code", ["execution_count"] = null, ["metadata"] = new JsonObject(), ["outputs"] = new JsonArray(), ["source"] = s,
            }).ToArray()),
            ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" } },
            ["nbformat"] = 4, ["nbformat_minor"] = 5,
        };
        var path = Path.Combine(packed.Work, name + ".ipynb");
        File.WriteAllText(path, nb.ToJsonString());
        var (code, log) = JupyterKernel.Execute(path, packed.JupyterPath, TimeSpan.FromMinutes(3));
        Assert.True(code == 0, log);
        return JsonNode.Parse(File.ReadAllText(path))!["cells"]!.AsArray().Select(c => c!["outputs"]!.AsArray()).ToList();
    }

    static string? Error(JsonArray outputs) => outputs.Where(o => (string?)o!["output_type"] == "error").Select(o => (string?)o!["evalue"]).SingleOrDefault();

    static string Text(JsonArray outputs, string mime) => string.Concat(outputs.Select(o => o!["data"]?[mime]).Where(d => d is not null)
        .Select(d => d is JsonArray a ? string.Concat(a.Select(x => (string?)x)) : (string?)d));

    /// <summary>
    /// Issue 10, item 5: plain TorchSharp in the first cell after loading the extension (before any magic) works, because
    /// loading GapLab loads libtorch through its own loader (the libstdc++ work-around included), and later magics still work.
    /// </summary>
    [JupyterTheory]
    [InlineData("torch-first")]
    public void TorchSharp_before_the_first_magic_works_and_magics_still_work(string name)
    {
        string[] sources =
        [
            $"#i \"nuget:{packed.Feed}\"\n#r \"nuget:GapLab.Interactive,{packed.Version}\"",
            "var t = TorchSharp.torch.ones(3, 4);\n$\"shape {t.shape[0]}x{t.shape[1]} sum {t.sum().item<float>()}\"",
            "var r = TorchSharp.torch.randn(3, 4);\n$\"randn {r.shape[0]}x{r.shape[1]}\"",
            "#!gaplab model --spec mlp:depth=1,width=8 --seed 0 --as net",
            "#!gaplab device",
        ];
        var cells = Run(name, sources);
        Assert.All(cells, c => Assert.True(Error(c) is null, c.ToJsonString()));
        Assert.Contains("shape 3x4 sum 12", Text(cells[1], "text/plain"));
        Assert.Contains("randn 3x4", Text(cells[2], "text/plain"));
        Assert.Contains("mlp:depth=1,dropout=0,width=8", Text(cells[3], "text/plain"));
        Assert.Contains("libtorch", Text(cells[4], "text/plain"));
    }
}
