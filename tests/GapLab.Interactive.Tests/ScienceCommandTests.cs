using GapLab.Analysis;
using GapLab.Data;
using GapLab.Interactive.Commands;
using GapLab.Interactive.Formatting;
using GapLab.Interactive.Magic;
using GapLab.Metrics.Complexity;
using GapLab.Metrics.Similarity;
using GapLab.Models;
using GapLab.Runtime;
using GapLab.Suites;
using GapLab.Testbed;
using Microsoft.Data.Analysis;
using Plotly.NET;
using static TorchSharp.torch;
using GapLab.IO;

namespace GapLab.Interactive.Tests;

/// <summary>#!gaplab testbed, diversity, measures and correlate: parsing, bad arguments and one tiny real run each.</summary>
public class ScienceCommandTests
{
    public ScienceCommandTests() => TorchRuntime.EnsureLoaded();

    static Dictionary<string, string?> Args(params (string, string?)[] pairs) => pairs.ToDictionary(p => p.Item1, p => p.Item2);

    static Task<MagicResult> Invoke(string command, RecordingMagicContext ctx, params (string, string?)[] args) =>
        BuiltInCommands.CreateRegistry().InvokeAsync(command, Args(args), ctx);

    static Dataset Train(int count) => Subsample.Stratified(DatasetCatalog.Load(EmbeddedFashionMnist.Name).Train, count, 0);

    [Fact]
    public void Science_subcommands_are_registered_with_completions_for_their_closed_sets()
    {
        var names = MagicCommands.Descriptors.Select(d => d.Name).ToArray();
        Assert.Contains("testbed", names);
        Assert.Contains("diversity", names);
        Assert.Contains("measures", names);
        Assert.Contains("correlate", names);
        Assert.Equal(["fashion-mnist", "cifar100"], TestbedCommand.Descriptor.FindParameter("--config")!.CompletionValues());
        var measures = MeasuresCommand.Descriptor.FindParameter("--measures")!.CompletionValues();
        Assert.Equal(["cheap", "all"], measures.Take(2).ToArray());
        Assert.Equal(MeasureCatalog.Names, measures.Skip(2).ToArray());
        Assert.Equal(measures, CorrelateCommand.Descriptor.FindParameter("--measures")!.CompletionValues());
    }

    [Fact]
    public async Task Bad_arguments_get_one_line_naming_what_is_accepted()
    {
        var ctx = new RecordingMagicContext();
        ctx.Variables["text"] = ("hello", typeof(string));
        Assert.Equal("#!gaplab testbed: --config 'nope' is not accepted; use one of: fashion-mnist, cifar100, a TestbedConfig variable or a JSON file.",
            (await Invoke("testbed", ctx, ("--config", "nope"))).Error);
        Assert.Equal("#!gaplab testbed: --config 'text' is a String; expected a GapLab.Testbed.TestbedConfig.",
            (await Invoke("testbed", ctx, ("--config", "text"))).Error);
        Assert.Equal("#!gaplab diversity: --level 1.5 must be in (0, 1] (a target mean SSIM).",
            (await Invoke("diversity", ctx, ("--from", "text"), ("--level", "1.5"))).Error);
        Assert.Equal("#!gaplab diversity: --samples 'many' is not a whole number (e.g. 64).",
            (await Invoke("diversity", ctx, ("--from", "text"), ("--samples", "many"))).Error);
        Assert.StartsWith("#!gaplab diversity: --from 'text' is a String; expected a GapLab.Data.Dataset",
            (await Invoke("diversity", ctx, ("--from", "text"))).Error);
        var unknown = (await Invoke("measures", ctx, ("--model", "m"), ("--data", "d"), ("--measures", "L2,FOO"))).Error!;
        Assert.StartsWith("#!gaplab measures: --measures 'L2,FOO': Unknown complexity measure 'FOO'. accepted: cheap, all, ", unknown);
        Assert.Contains("PGDL_VC_DIMENSION", unknown);
        Assert.Equal("#!gaplab measures: missing required parameter --data (C# variable holding the training data: a DatasetSplit (its training set) or a Dataset.).",
            (await Invoke("measures", ctx, ("--model", "m"))).Error);
        Assert.Equal("#!gaplab correlate: --runs '/no/such/store' is neither a DataFrame variable nor a folder with runs.csv (from #!gaplab run --out DIR).",
            (await Invoke("correlate", ctx, ("--runs", "/no/such/store"))).Error);
        Assert.Equal("#!gaplab correlate: --resamples -1 must be between 0 and 1,000,000.",
            (await Invoke("correlate", ctx, ("--runs", "x"), ("--resamples", "-1"))).Error);
    }

    [Fact]
    public async Task Diversity_of_a_black_and_a_white_image_matches_the_hand_computed_ssim_and_vendi()
    {
        // SSIM of constant images 0 and 1 (sigma = 0): (C1)(C2) / ((0 + 1 + C1)(C2)) = C1 / (1 + C1), C1 = (0.01 * 1)^2.
        double c1 = 1e-4, s = c1 / (1 + c1);
        // Vendi of K = [[1, s], [s, 1]]: eigenvalues of K/2 are (1 +- s)/2; exp of their entropy.
        double l1 = (1 + s) / 2, l2 = (1 - s) / 2, vendi = Math.Exp(-(l1 * Math.Log(l1) + l2 * Math.Log(l2)));
        var ctx = new RecordingMagicContext();
        ctx.Variables["pair"] = (cat([zeros(1, 1, 8, 8), ones(1, 1, 8, 8)], 0), typeof(Tensor));
        var result = await Invoke("diversity", ctx, ("--from", "pair"), ("--originals", "pair"), ("--as", "d"));
        Assert.True(result.Succeeded, result.Error);
        var d = Assert.IsType<SetDiversityResult>(ctx.Variables["d"].Value);
        Assert.Equal(2, d.Items);
        Assert.Equal(1, d.SsimToOriginals, 12);
        Assert.Equal(1 - s, d.MeanDissimilarity, 12);
        Assert.Equal(1 - s, d.DissimilarityLow, 12);  // resamples of two images hold one pair of different images or none (left out)
        Assert.Equal(1 - s, d.DissimilarityHigh, 12);
        Assert.True(d.Exhaustive);
        Assert.Equal(1, d.PairsUsed);
        Assert.Equal(vendi, d.Vendi, 9);
        Assert.Contains("<td>Vendi score</td><td>", SetDiversityFormatter.ToHtml(d));
    }

    [Fact]
    public async Task Diversity_at_a_level_distorts_the_sample_to_that_mean_ssim()
    {
        var ctx = new RecordingMagicContext();
        ctx.Variables["data"] = (Train(40), typeof(Dataset));
        var result = await Invoke("diversity", ctx, ("--from", "data"), ("--level", "0.7"), ("--samples", "12"), ("--as", "d"));
        Assert.True(result.Succeeded, result.Error);
        var d = Assert.IsType<SetDiversityResult>(ctx.Variables["d"].Value);
        Assert.Equal(12, d.Items);
        Assert.InRange(d.SsimToOriginals, 0.7 - 0.005, 0.7 + 0.005);
        Assert.Equal("data at SSIM 0.7", d.Label);
        Assert.InRange(d.Vendi, 1, 12);
        Assert.True(d.DissimilarityLow < d.MeanDissimilarity && d.MeanDissimilarity < d.DissimilarityHigh, $"{d.DissimilarityLow} {d.MeanDissimilarity} {d.DissimilarityHigh}");
    }

    [Fact]
    public async Task Measures_of_a_model_against_its_own_initial_weights()
    {
        var ctx = new RecordingMagicContext();
        var train = Train(60);
        TorchEnvironment.Seed(0);
        using var model = ModelRegistry.Create("mlp:depth=1,width=8", InputShape.Of(train));
        ctx.Variables["net"] = (model, typeof(BuiltModel));
        ctx.Variables["data"] = (new DatasetSplit(train, train), typeof(DatasetSplit));
        var result = await Invoke("measures", ctx, ("--model", "net"), ("--data", "data"), ("--init", "net"),
            ("--measures", "PGDL_VC_DIMENSION,PGDL_DISTANCE_FROM_INIT,L2"), ("--as", "values"));
        Assert.True(result.Succeeded, result.Error);
        var values = Assert.IsAssignableFrom<IReadOnlyList<MeasureValue>>(ctx.Variables["values"].Value);
        Assert.Equal(["L2", "PGDL_DISTANCE_FROM_INIT", "PGDL_VC_DIMENSION"], values.Select(v => v.Name).Order().ToArray());
        Assert.Equal(model.ParameterCount, values.Single(v => v.Name == "PGDL_VC_DIMENSION").Value);
        Assert.Equal(0, values.Single(v => v.Name == "PGDL_DISTANCE_FROM_INIT").Value, 12);
        Assert.True(values.Single(v => v.Name == "L2").Value > 0);
        Assert.Contains("<caption>Complexity measures</caption>", MeasuresFormatterHtml(values));
        Assert.IsType<ProgressView>(ctx.Displayed[0]);
        Assert.Equal("done", ((ProgressView)ctx.Updates[^1]).State);
    }

    static string MeasuresFormatterHtml(IReadOnlyList<MeasureValue> values) => GapLabFormatters.ToHtml(values, PlotlyScript.Preloaded)!;

    [Fact]
    public async Task Correlate_ranks_measures_of_a_stored_population_with_the_gap()
    {
        var dir = Directory.CreateTempSubdirectory("gaplab-correlate-").FullName;
        var suite = BuiltInSuites.Smoke with { Models = ["mlp:depth=1,width=4", "mlp:depth=1,width=16", "mlp:depth=1,width=64"], TrainSize = 100, Epochs = 1 };
        var run = SuiteRunner.Run(suite, new SuiteRunOptions { OutDir = dir, Torch = new TorchSettings("cpu", 1, 0) });
        var ctx = new RecordingMagicContext();
        ctx.Variables["runs"] = (RecordFrame.ToDataFrame(run.Runs), typeof(DataFrame));
        foreach (var source in new[] { "runs", dir })
        {
            var result = await Invoke("correlate", ctx, ("--runs", source), ("--measures", "PGDL_VC_DIMENSION"), ("--resamples", "20"), ("--as", "table"));
            Assert.True(result.Succeeded, result.Error);
            var table = Assert.IsType<DataFrame>(ctx.Variables["table"].Value);
            var rows = CorrelationTable.FromFrame(table);
            var row = Assert.Single(rows);
            Assert.Equal("PGDL_VC_DIMENSION", row.Measure);
            Assert.Equal(3, row.Models);
            Assert.Equal(TauB(run.Runs.Select(r => (double)r.Params).ToArray(), run.Runs.Select(r => r.AccGap).ToArray()), row.KendallTau, 12);
        }
        var charts = ctx.Displayed.OfType<GenericChart>().ToList();
        Assert.Equal(4, charts.Count); // scatter + bars, twice
        Assert.StartsWith("PGDL_VC_DIMENSION vs gap (τ = ", ChartsTests.Json(charts[0]).Layout.GetProperty("title").GetProperty("text").GetString());
    }

    /// <summary>Kendall tau-b by counting pairs: (C - D) / sqrt((n0 - tx)(n0 - ty)).</summary>
    static double TauB(double[] x, double[] y)
    {
        double c = 0, d = 0, tx = 0, ty = 0, n0 = x.Length * (x.Length - 1) / 2.0;
        for (int i = 0; i < x.Length; i++)
            for (int j = i + 1; j < x.Length; j++)
            {
                double s = Math.Sign(x[i] - x[j]) * Math.Sign(y[i] - y[j]);
                if (x[i] == x[j]) tx++;
                if (y[i] == y[j]) ty++;
                if (s > 0) c++;
                else if (s < 0) d++;
            }
        return (c - d) / Math.Sqrt((n0 - tx) * (n0 - ty));
    }

    [Fact]
    public async Task Testbed_runs_a_config_variable_and_charts_the_marginals_with_the_trade_off_point()
    {
        var config = new TestbedConfig
        {
            Name = "tiny",
            Models = ["cnn:blocks=1,bn=true,width=0.125"],
            UnseenOrder = [5, 6],
            UnseenCounts = [0, 2],
            SsimLevels = [1.0, 0.7],
            TrainPerClass = 20,
            TestPerClass = 10,
            Epochs = 1,
            ProbeEpochs = 1,
            BatchSize = 32,
            TradeOff = new TradeOffOptions { GridPoints = 11 },
        };
        var ctx = new RecordingMagicContext();
        ctx.Variables["cfg"] = (config, typeof(TestbedConfig));
        // the reference trade-off method needs two models: refused before any training
        var refused = await Invoke("testbed", ctx, ("--config", "cfg"), ("--trade-off-method", "reference"), ("--as", "tb"));
        Assert.False(refused.Succeeded);
        Assert.Contains("method reference needs at least two", refused.Error);
        string outDir = Path.Combine(Path.GetTempPath(), $"testbed-{Guid.NewGuid():N}");
        var result = await Invoke("testbed", ctx, ("--config", "cfg"), ("--device", "cpu"), ("--threads", "1"), ("--trade-off-method", "grid"),
            ("--out", outDir), ("--store", outDir), ("--as", "tb"));
        Assert.True(result.Succeeded, result.Error);
        var tb = Assert.IsType<TestbedResult>(ctx.Variables["tb"].Value);
        Assert.Equal(4, tb.Cells.Count);
        var charts = ctx.Displayed.OfType<GenericChart>().Select(ChartsTests.Json).ToList();
        Assert.Equal(3, charts.Count);
        var ssim = charts[0];
        Assert.Equal("Testbed 'tiny': marginals along SSIM", ssim.Layout.GetProperty("title").GetProperty("text").GetString());
        var traces = ssim.Data.EnumerateArray().ToList();
        Assert.Equal([0.7, 1.0], ChartsTests.Numbers(traces[0].GetProperty("x")));
        Assert.Equal(tb.Marginals.Where(m => m.Axis == "ssim").OrderBy(m => m.Value).Select(m => m.F1MeanError).ToArray(), ChartsTests.Numbers(traces[0].GetProperty("y")));
        Assert.Equal([tb.TradeOff.SsimLowerBound, tb.TradeOff.SsimLowerBound], ChartsTests.Numbers(traces[3].GetProperty("x")));
        Assert.Equal([tb.TradeOff.GeneralizationBound, tb.TradeOff.DiversityBound], ChartsTests.Numbers(traces[4].GetProperty("y")));
        Assert.Equal("done", ((ProgressView)ctx.Updates[^1]).State);
        // the files of gaplab testbed went to --out, the cells to the store of --store, as the CLI does
        Assert.True(File.Exists(Path.Combine(outDir, TestbedOutput.CellsFile)));
        Assert.Contains($"cells appended to {Path.Combine(outDir, GapLab.Store.ResultStore.FileName)}", ((ProgressView)ctx.Updates[^1]).Detail);
        var card = TestbedResultFormatter.ToHtml(tb);
        Assert.Contains("<caption>Practical generalization testbed</caption>", card);
        Assert.Contains("<td>SSIM lower bound</td>", card);
        Assert.Contains("<td>trade-off method</td>", card);
        Assert.Contains("grid: trilinear on the regular grid", card);
        Assert.Contains("<caption>Marginals</caption>", card);
    }
}
