using GapLab.Benchmarking;
using GapLab.Runtime;
using static GapLab.Cli.Tests.CliHarness;

namespace GapLab.Cli.Tests;

public class BenchmarkCommandTests
{
    const string Protocol = """
        { "suite": "smoke", "test_size": 200, "corruptions": ["contrast"], "severities": [3], "ood_shifts": [],
          "bootstrap_resamples": 200, "permutations": 50 }
        """;

    [Fact]
    public void CreateRunInterruptResumeShiftCompareAndDashboardOnTheSmokeSuite()
    {
        var dir = Directory.CreateTempSubdirectory("gaplab-bench-").FullName;
        var run = Gaplab("run", "--suite", "smoke", "--out", dir, "--device", "cpu", "--threads", "1");
        Assert.True(run.Code == 0, run.Err);
        var protocol = Path.Combine(dir, "fs.json");
        File.WriteAllText(protocol, Protocol);

        var create = Gaplab("benchmark", "create", "fs", "--from", protocol, "--store", dir);
        Assert.True(create.Code == 0, create.Err);
        Assert.Contains("benchmark 'fs' version 1", create.Out);
        Assert.Contains("models: 2 (2 added); test sets: clean, corruption:contrast:3", create.Out);
        Assert.Contains("fs", Gaplab("benchmark", "list", "--store", dir, "--format", "csv").Out);

        // interrupted after the first model x test set, then resumed by the command
        using var cts = new CancellationTokenSource();
        var request = new BenchmarkRunRequest { StoreDir = dir, Benchmark = "fs", Torch = new TorchSettings("cpu", 1) };
        var cancelled = BenchmarkRunner.Run(request, new CancelAfter(1, cts), cts.Token);
        Assert.True(cancelled.Cancelled);
        Assert.Equal(1, cancelled.UnitsEvaluated);
        var resumed = Gaplab("benchmark", "run", "fs", "--store", dir, "--device", "cpu", "--threads", "1");
        Assert.True(resumed.Code == 0, resumed.Err);
        Assert.Contains($"evaluation {cancelled.Evaluation.EvalId}", resumed.Out);
        Assert.Contains("3 evaluated, 1 kept from the interrupted run", resumed.Out);
        Assert.Contains("near_duplicates", resumed.Out);

        var one = Gaplab("benchmark", "compare", "fs", "--store", dir);
        Assert.Equal(2, one.Code);
        Assert.Contains("has one completed evaluation", one.Err);

        var shifted = Gaplab("benchmark", "run", "fs", "--store", dir, "--data-shift", "shift:rotate=30", "--device", "cpu", "--threads", "1");
        Assert.True(shifted.Code == 0, shifted.Err);
        Assert.Contains("feature_drift", shifted.Out);
        Assert.Contains("label_shift", shifted.Out);

        var compare = Gaplab("benchmark", "compare", "fs", "--store", dir, "--format", "csv");
        Assert.Equal(1, compare.Code);
        Assert.Contains("regression(s) beyond the tolerance 0.01", compare.Err);
        var accuracy = compare.Out.Split('\n').Where(l => l.Contains(",accuracy,")).ToList();
        Assert.Equal(2, accuracy.Count);
        Assert.All(accuracy, l => Assert.Contains(",regression,true,", l, StringComparison.OrdinalIgnoreCase));

        var dashboard = Gaplab("benchmark", "dashboard", "fs", "--store", dir);
        Assert.True(dashboard.Code == 0, dashboard.Err);
        var html = File.ReadAllText(dashboard.Out.Trim());
        Assert.Contains("class=\"regression\"", html);
        Assert.Contains("feature_drift", html);
        Assert.Contains("shift:rotate=30", html);
        Assert.Contains("Corruption drop threshold", html);

        // drop threshold of contrast (the protocol's one corruption) per evaluation and model, with its interval
        var drops = Gaplab("benchmark", "drops", "fs", "--store", dir, "--format", "csv");
        Assert.True(drops.Code == 0, drops.Err);
        var table = GapLab.IO.CsvTable.Parse(drops.Out);
        Assert.Equal(["eval_id", "data_label", "run_id", "corruption", "drop", "severity", "low", "high", "unreached", "resamples", "seed", "confidence"], table.Header);
        Assert.Equal(4, table.Rows.Count); // 2 evaluations x 2 models
        Assert.All(table.Rows, r =>
        {
            Assert.Equal(["contrast", "0.1", "200", "0", "0.95"], new[] { r[3], r[4], r[9], r[10], r[11] });
            double unreached = double.Parse(r[8], System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(unreached, 0, 1);
            if (r[5].Length > 0 && r[6].Length > 0 && r[7].Length > 0)
                Assert.True(double.Parse(r[6], System.Globalization.CultureInfo.InvariantCulture) <= double.Parse(r[7], System.Globalization.CultureInfo.InvariantCulture));
            if (r[5].Length == 0) Assert.True(unreached > 0); // no threshold on all images: some resamples never fall that far
        });

        File.WriteAllText(protocol, Protocol.Replace("[3]", "[4]"));
        var v2 = Gaplab("benchmark", "create", "fs", "--from", protocol, "--store", dir);
        Assert.Contains("benchmark 'fs' version 2", v2.Out);
        var show = Gaplab("benchmark", "show", "fs", "--store", dir);
        Assert.Contains("versions: v1", show.Out);
        Assert.Contains("corruption", show.Out);
    }

    [Fact]
    public void ShardsRunOnCopiesOfTheStoreMergeIntoTheUnshardedEvaluation()
    {
        var dir = Directory.CreateTempSubdirectory("gaplab-bench-shard-").FullName;
        var run = Gaplab("run", "--suite", "smoke", "--out", dir, "--device", "cpu", "--threads", "1");
        Assert.True(run.Code == 0, run.Err);
        File.WriteAllText(Path.Combine(dir, "fs.json"), Protocol);
        Assert.Equal(0, Gaplab("benchmark", "create", "fs", "--from", Path.Combine(dir, "fs.json"), "--store", dir).Code);
        var whole = Gaplab("benchmark", "run", "fs", "--store", dir, "--device", "cpu", "--threads", "1", "--eval-id", "whole");
        Assert.True(whole.Code == 0, whole.Err);
        Assert.Contains("evaluation whole of 'fs' v1", whole.Out);

        // two machines: each gets a copy of the store folder and evaluates every second model
        var (a, b) = (CopyFolder(dir, dir + "-a"), CopyFolder(dir, dir + "-b"));
        var one = Gaplab("benchmark", "run", "fs", "--store", a, "--shard", "1/2", "--device", "cpu", "--threads", "1");
        Assert.True(one.Code == 0, one.Err);
        Assert.Contains("shard 1/2", one.Out);
        Assert.Contains("2 evaluated", one.Out); // 1 model x (clean, contrast:3)
        Assert.Contains("data checks:", one.Out); // the evaluation's data checks run once, in shard 1
        var two = Gaplab("benchmark", "run", "fs", "--store", b, "--shard", "2/2", "--device", "cpu", "--threads", "1");
        Assert.True(two.Code == 0, two.Err);
        Assert.DoesNotContain("data checks:", two.Out);
        string evalId = one.Out.Split(' ')[1];
        Assert.StartsWith("shards2-", evalId);
        Assert.Contains($"evaluation {evalId} shard 2/2", two.Out); // both shards name the same evaluation
        Assert.Contains("partial", Gaplab("benchmark", "show", "fs", "--store", a).Out);
        var again = Gaplab("benchmark", "run", "fs", "--store", a, "--shard", "1/2", "--device", "cpu", "--threads", "1");
        Assert.Contains("0 evaluated, 2 kept from the completed run (nothing to do)", again.Out);

        var merge = Gaplab("merge", a, b, "--out", dir);
        Assert.True(merge.Code == 0, merge.Err);
        Assert.Equal(0, Gaplab("merge", a, b, "--out", dir).Code); // merging again adds nothing twice
        var counts = Gaplab("store", "sql", "SELECT eval_id, count(*) AS n FROM benchmark_predictions GROUP BY eval_id ORDER BY eval_id", "--store", dir, "--format", "csv");
        Assert.Equal($"eval_id,n\n{evalId},800\nwhole,800", counts.Out.Trim().ReplaceLineEndings("\n")); // 2 models x 2 test sets x 200 images
        var checks = Gaplab("store", "sql", "SELECT count(DISTINCT eval_id) FROM benchmark_data_checks", "--store", dir, "--format", "csv");
        Assert.Equal("2", checks.Out.Trim().Split('\n')[^1].Trim());

        // the merged sharded evaluation is completed and predicts exactly what the unsharded one did
        var compare = Gaplab("benchmark", "compare", "fs", "--store", dir, "--baseline", "whole", "--current", evalId, "--format", "csv");
        Assert.True(compare.Code == 0, compare.Err);
        var rows = compare.Out.Trim().Split('\n').Skip(1).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Contains(",no significant change,", r));
        Assert.All(rows.Where(r => r.Contains(",accuracy,")), r => Assert.Contains(",0,", r));
    }

    static string CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return to;
    }

    [Fact]
    public void BadInputGetsOneLineAndExitCodeTwo()
    {
        var dir = Directory.CreateTempSubdirectory("gaplab-bench-bad-").FullName;
        var none = Gaplab("benchmark", "run", "x", "--store", dir);
        Assert.Equal(2, none.Code);
        Assert.Contains("No result store in", none.Err);
        var from = Gaplab("benchmark", "create", "x", "--from", Path.Combine(dir, "missing.json"), "--store", dir);
        Assert.Equal(2, from.Code);
        Assert.Contains("neither a built-in benchmark (fashion-smoke) nor a JSON file", from.Err);
        var shift = Gaplab("benchmark", "run", "x", "--store", dir, "--data-shift", "shift:spin");
        Assert.Equal(2, shift.Code);
        Assert.Contains("unknown domain shift", shift.Err);
        var attack = Path.Combine(dir, "attack.json");
        File.WriteAllText(attack, """{ "suite": "smoke", "pgd_steps": 5 }""");
        var steps = Gaplab("benchmark", "create", "x", "--from", attack, "--store", dir);
        Assert.Equal(2, steps.Code);
        Assert.Equal($"gaplab: {attack}: 'pgd_steps' and 'pgd_step_size' need 'adversarial_epsilon' (e.g. 0.0313725 = 8/255).", steps.Err.Trim());
    }

    sealed class CancelAfter(int units, CancellationTokenSource cts) : IProgress<BenchmarkProgress>
    {
        public void Report(BenchmarkProgress value)
        {
            if (value.Done >= units) cts.Cancel();
        }
    }
}
