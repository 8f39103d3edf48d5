using GapLab.Benchmarking;
using GapLab.Interactive.Commands;
using GapLab.Interactive.Magic;
using GapLab.Runtime;
using GapLab.Suites;
using Microsoft.Data.Analysis;

namespace GapLab.Interactive.Tests;

/// <summary><c>#!gaplab benchmark</c>: each action on a store holding the smoke suite (two tiny MLPs), against the Core jobs the CLI runs.</summary>
public class BenchmarkCommandTests
{
    static Dictionary<string, string?> Args(params (string, string?)[] pairs) => pairs.ToDictionary(p => p.Item1, p => p.Item2);

    static Task<MagicResult> Invoke(RecordingMagicContext ctx, params (string, string?)[] args) =>
        BuiltInCommands.CreateRegistry().InvokeAsync("benchmark", Args(args), ctx);

    [Fact]
    public async Task Create_run_compare_history_chart_checks_and_dashboard_from_the_notebook()
    {
        var dir = Directory.CreateTempSubdirectory("gaplab-nbbench-").FullName;
        SuiteRunner.Run(BuiltInSuites.Smoke, new SuiteRunOptions { OutDir = dir, Torch = new TorchSettings("cpu", 1) });
        var protocol = Path.Combine(dir, "fs.json");
        File.WriteAllText(protocol, """
            { "suite": "smoke", "test_size": 200, "corruptions": ["contrast"], "severities": [3], "ood_shifts": [], "bootstrap_resamples": 200, "permutations": 50,
              "adversarial_epsilon": 0.0078431, "pgd_steps": 3 }
            """);
        var ctx = new RecordingMagicContext();
        var store = ("--store", dir);

        var created = await Invoke(ctx, ("--action", "create"), ("--name", "fs"), ("--from", protocol), store);
        Assert.True(created.Succeeded, created.Error);
        var row = Assert.IsType<DataFrame>(created.Value);
        Assert.Equal((1, true, 2L), ((int)row["version"][0]!, (bool)row["new_version"][0]!, Convert.ToInt64(row["models"][0])));
        Assert.Equal("clean, corruption:contrast:3, adversarial:fgsm:0.0078431, adversarial:pgd:0.0078431", row["test_sets"][0]);

        foreach (var (shift, label) in new[] { ((string?)null, "clean"), ("shift:rotate=30", "rotated") })
        {
            var args = new List<(string, string?)> { ("--action", "run"), ("--name", "fs"), store, ("--device", "cpu"), ("--threads", "1"), ("--label", label) };
            if (shift is not null) args.Add(("--data-shift", shift));
            var run = await Invoke(ctx, [.. args]);
            Assert.True(run.Succeeded, run.Error);
            var checks = Assert.IsType<DataFrame>(run.Value);
            Assert.Contains("label_noise", checks["check_name"].Cast<string>());
        }

        // the notebook's compare is the CLI's: the same request to the same Core job, the same rows
        var compared = await Invoke(ctx, ("--action", "compare"), ("--name", "fs"), store, ("--as", "cmp"));
        Assert.True(compared.Succeeded, compared.Error);
        var frame = Assert.IsType<DataFrame>(ctx.Variables["cmp"].Value);
        var core = BenchmarkComparer.Run(new BenchmarkCompareRequest { StoreDir = dir, Benchmark = "fs" });
        Assert.Equal(core.Changes.Count, (int)frame.Rows.Count);
        Assert.Equal(core.Changes.Select(c => c.Delta), frame["delta"].Cast<double>());
        var accuracy = Enumerable.Range(0, (int)frame.Rows.Count).Where(r => (string)frame["metric"][r] == "accuracy").ToList();
        Assert.Equal(2, accuracy.Count);
        Assert.All(accuracy, r => Assert.Equal(BenchmarkVerdict.Regression, frame["verdict"][r]));
        Assert.Contains(ctx.Displayed.OfType<string>(), s => s.Contains($"regression(s) beyond the tolerance 0.01", StringComparison.Ordinal) && s.Contains("(rotated), paired:", StringComparison.Ordinal));

        // the attacks' metrics come from each model's own FGSM/PGD images, stored per image like every other test set
        var firstModels = new BenchmarkRegistry(GapLab.Store.ResultStore.Open(dir)).Load(core.Baseline.EvalId, 0);
        foreach (var m in firstModels)
        {
            double Acc(string set) => m.TestSets[set].Correct.Average(c => c ? 1.0 : 0.0);
            var pgd = core.Changes.Single(c => c.RunId == m.RunId && c.Metric == "pgd_accuracy");
            Assert.Equal(Acc("adversarial:pgd:0.0078431"), pgd.Baseline, 12);
            var adv = core.Changes.Single(c => c.RunId == m.RunId && c.Metric == "adversarial_robustness");
            Assert.Equal(Math.Sqrt(Acc("adversarial:pgd:0.0078431") / Acc("clean") * (Acc("adversarial:fgsm:0.0078431") / Acc("clean"))), adv.Baseline, 12);
            Assert.Contains(core.Changes, c => c.RunId == m.RunId && c.Metric == "drop_threshold:contrast");
        }
        Assert.True(core.Changes.Any(c => c.Metric == "quba") || core.Notes.Any(n => n.StartsWith("QUBA is not judged", StringComparison.Ordinal)));

        var classes = Assert.IsType<DataFrame>((await Invoke(ctx, ("--action", "classes"), ("--name", "fs"), store)).Value);
        Assert.Equal(core.Classes.Count, (int)classes.Rows.Count);
        Assert.Equal(2, classes["worst"].Cast<bool>().Count(w => w)); // one worst class per model
        var seeds = Assert.IsType<DataFrame>((await Invoke(ctx, ("--action", "seeds"), ("--name", "fs"), store)).Value);
        Assert.Equal(core.Seeds.Select(k => k.Worst), seeds["worst"].Cast<double>()); // one seed per configuration: best = median = worst
        Assert.All(Enumerable.Range(0, (int)seeds.Rows.Count), r => Assert.Equal(seeds["best"][r], seeds["worst"][r]));

        var history = Assert.IsType<DataFrame>((await Invoke(ctx, ("--action", "history"), ("--name", "fs"), store)).Value);
        Assert.Equal(2, history["eval_id"].Cast<string>().Distinct().Count());
        var accuracyPoints = Enumerable.Range(0, (int)history.Rows.Count).Where(r => (string)history["metric"][r] == "accuracy").ToList();
        Assert.All(accuracyPoints, r => Assert.InRange((double)history["value"][r]!, (double)history["low"][r]!, (double)history["high"][r]!));
        Assert.IsAssignableFrom<Plotly.NET.GenericChart>((await Invoke(ctx, ("--action", "chart"), ("--name", "fs"), ("--metric", "accuracy"), store)).Value);
        // the drop threshold over the evaluations: one line per model and corruption
        var dropChart = Assert.IsAssignableFrom<Plotly.NET.GenericChart>((await Invoke(ctx, ("--action", "chart"), ("--name", "fs"), ("--metric", "drop_threshold"), store)).Value);
        var (dropTraces, _) = ChartsTests.Json(dropChart);
        Assert.Equal(firstModels.Select(m => $"{m.RunId} contrast").Order(),
            dropTraces.EnumerateArray().Select(t => t.GetProperty("name").GetString()!).Where(n => n.EndsWith(" contrast", StringComparison.Ordinal)).Order());

        var checksNow = Assert.IsType<DataFrame>((await Invoke(ctx, ("--action", "checks"), ("--name", "fs"), store)).Value);
        Assert.Contains("feature_drift", checksNow["check_name"].Cast<string>());
        var saved = Assert.IsType<GapLab.Interactive.Reports.SavedDashboard>((await Invoke(ctx, ("--action", "dashboard"), ("--name", "fs"), store)).Value);
        string page = File.ReadAllText(saved.Path);
        Assert.Contains("class=\"regression\"", page);
        // the images behind the data checks: the rotated evaluation's 16 most drifted images and each evaluation's label-noise suspects (16 at most)
        Assert.Contains("Images behind the data checks", page);
        Assert.True(page.Contains("QUBA z-scores frozen on the 2 models of evaluation", StringComparison.Ordinal) || page.Contains("QUBA is not judged", StringComparison.Ordinal));
        Assert.Contains($"feature_drift in evaluation ", page);
        Assert.True(System.Text.RegularExpressions.Regex.Count(page, "<img class=\"gaplab-image\"") >= BenchmarkDataChecks.DriftedImages + 1);
        Assert.Equal((2, core.FailingRegressions.Count), (saved.Evaluations, saved.Regressions));

        // the images behind the label-noise count of the first evaluation: one stored row per flagged image, the first 16 returned as pictures
        var first = new BenchmarkRegistry(GapLab.Store.ResultStore.Open(dir)).Evaluations("fs")[0].EvalId;
        var noiseChecks = new BenchmarkRegistry(GapLab.Store.ResultStore.Open(dir)).DataChecks(first);
        long flaggedCount = Enumerable.Range(0, (int)noiseChecks.Rows.Count).Where(r => (string)noiseChecks["check_name"][r] == "label_noise").Select(r => (long)noiseChecks["count"][r]!).Single();
        Assert.True(flaggedCount > 0, "the smoke MLPs are confidently wrong on some clean test images");
        var images = await Invoke(ctx, ("--action", "images"), ("--name", "fs"), ("--eval-id", first), ("--check", "label_noise"), store, ("--as", "suspects"));
        Assert.True(images.Succeeded, images.Error);
        var shown = Assert.IsType<BenchmarkImages>(ctx.Variables["suspects"].Value);
        using (shown.Images)
            Assert.Equal(new long[] { Math.Min(flaggedCount, BenchmarkCommand.MaxImages), 1, 28, 28 }, shown.Images.shape);
        var flaggedRows = shown.Rows;
        Assert.Equal(flaggedCount, flaggedRows.Rows.Count);
        Assert.All(Enumerable.Range(0, (int)flaggedRows.Rows.Count), r => Assert.NotEqual(flaggedRows["label"][r], flaggedRows["likely"][r]));
        var none = await Invoke(ctx, ("--action", "images"), ("--name", "fs"), ("--eval-id", first), ("--check", "exact_duplicates"), store);
        Assert.Equal(0, Assert.IsType<DataFrame>(none.Value).Rows.Count); // the embedded test set holds no copy of a training image
        Assert.Equal($"exact_duplicates flagged no image in evaluation {first} (clean).", ctx.Displayed[^2]);
        // the images behind the rotated evaluation's feature drift: the largest MMD witness values of its penultimate features, largest first
        var rotated = new BenchmarkRegistry(GapLab.Store.ResultStore.Open(dir)).Evaluations("fs")[^1].EvalId;
        Assert.True((await Invoke(ctx, ("--action", "images"), ("--name", "fs"), ("--eval-id", rotated), ("--check", "feature_drift"), store, ("--as", "drifted"))).Succeeded);
        var drifted = Assert.IsType<BenchmarkImages>(ctx.Variables["drifted"].Value);
        string driftedHtml = BenchmarkImages.ToHtml(drifted);
        Assert.Equal(BenchmarkDataChecks.DriftedImages, System.Text.RegularExpressions.Regex.Count(driftedHtml, "<img "));
        // each picture is captioned with its test image and witness value, the most drifted first
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"<figcaption>#{drifted.Rows["sample"][0]} w {(double)drifted.Rows["distance"][0]!:G3}</figcaption>"), driftedHtml);
        using (drifted.Images)
            Assert.Equal(new long[] { BenchmarkDataChecks.DriftedImages, 1, 28, 28 }, drifted.Images.shape);
        var witness = drifted.Rows["distance"].Cast<double?>().Select(v => v!.Value).ToList();
        Assert.Equal(witness.OrderByDescending(v => v), witness);

        // drop threshold: one severity (contrast 3), so s* = 3 (a0 - t) / (a0 - a3) = 3 * 0.1 / (a0 - a3) when a3 < a0 - 0.1, else none
        var drops = Assert.IsType<DataFrame>((await Invoke(ctx, ("--action", "drops"), ("--name", "fs"), store)).Value);
        Assert.Equal(4, (int)drops.Rows.Count); // 2 evaluations x 2 models x 1 corruption
        foreach (var m in new BenchmarkRegistry(GapLab.Store.ResultStore.Open(dir)).Load(first, 0))
        {
            double a0 = m.Clean.Correct.Average(c => c ? 1.0 : 0.0), a3 = m.TestSets["corruption:contrast:3"].Correct.Average(c => c ? 1.0 : 0.0);
            int at = Enumerable.Range(0, 4).Single(r => (string)drops["eval_id"][r] == first && (string)drops["run_id"][r] == m.RunId);
            Assert.Equal("contrast", drops["corruption"][at]);
            if (a3 < a0 - 0.1) Assert.Equal(3 * 0.1 / (a0 - a3), (double)drops["severity"][at]!, 12);
            else Assert.Null(drops["severity"][at]);
            // its bootstrap interval: the protocol's 200 resamples, seed 0, 95 %; a bound beyond severity 3 is null
            Assert.Equal((200, 0, 0.95), ((int)drops["resamples"][at]!, (int)drops["seed"][at]!, (double)drops["confidence"][at]!));
            double unreached = (double)drops["unreached"][at]!;
            Assert.InRange(unreached, 0, 1);
            // the 97.5th percentile of 200 sorted replicates interpolates between the 0-based 194th and 195th: beyond severity 3 (null) when 5 or more never reach t
            Assert.Equal(Math.Round(unreached * 200) >= 5, drops["high"][at] is null);
            if (drops["low"][at] is double low && drops["high"][at] is double high) Assert.True(low <= high && high <= 3);
        }

        var wrong = await Invoke(ctx, ("--action", "list"), ("--baseline", "x"), store);
        Assert.Equal("#!gaplab benchmark: --baseline does not apply to --action list; it takes only --store.", wrong.Error);
        var nameless = await Invoke(ctx, ("--action", "compare"), store);
        Assert.Equal("#!gaplab benchmark: --action compare needs --name (the benchmark's name).", nameless.Error);
        var listed = Assert.IsType<DataFrame>((await Invoke(ctx, ("--action", "list"), store)).Value);
        Assert.Equal(2L, Convert.ToInt64(listed["evaluations"][0]));
    }
}
