using System.Diagnostics;
using System.Text.RegularExpressions;
using GapLab.Data;
using GapLab.Metrics.Complexity;
using GapLab.Models;
using static TorchSharp.torch;

namespace GapLab.Bench;

/// <summary>
/// Timing of the complexity measures on an untrained model (timing does not depend on training): the weight-only measures
/// (catalogue cost "trivial" or "W") in one call, and a search measure (PACBAYES_ORIG, PGDL_SHARPNESS, SHARPNESS_FLATNESS)
/// on training subsets of several sizes, with the time per Monte-Carlo evaluation (one perturbed model on the subset).
/// </summary>
public static partial class MeasuresTiming
{
    public sealed record WeightOnly(string Impl, string Benchmark, string Model, long Parameters, int Measures, int Threads, int Reps, double Seconds, double[] AllSeconds);

    public sealed record Search(string Impl, string Benchmark, string Model, string Measure, int Examples, int Draws, int Depth, int Threads,
        double Seconds, int Evaluations, double SecondsPerEvaluation, string Notes);

    static (BuiltModel Model, Dictionary<string, Tensor> Init, Dataset Train) Setup(string spec, int examples)
    {
        GapLab.Runtime.TorchRuntime.EnsureLoaded();
        manual_seed(0);
        var rng = new Random(3);
        var x = new float[examples * 3 * 32 * 32];
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextSingle();
        var y = Enumerable.Range(0, examples).Select(i => i % 10).ToArray();
        var train = new Dataset("synthetic-3x32x32", x, y, [3, 32, 32], BenchData.ClassNames);
        var model = ModelRegistry.Create(spec, InputShape.Of(train));
        var init = model.Module.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        return (model, init, train);
    }

    public static WeightOnly MeasureWeightOnly(string spec, int threads, int reps)
    {
        set_num_threads(threads);
        var (model, init, train) = Setup(spec, 1000);
        var names = MeasureCatalog.All.Where(m => m.Cost is MeasureCatalog.Trivial or MeasureCatalog.W).Select(m => m.Name).ToArray();
        var options = new MeasureOptions { Measures = string.Join(",", names) };
        ComplexityMeasures.Compute(model.Module, init, train, options); // warm-up
        var times = new List<double>();
        for (int r = 0; r < reps; r++)
        {
            var sw = Stopwatch.StartNew();
            ComplexityMeasures.Compute(model.Module, init, train, options);
            times.Add(sw.Elapsed.TotalSeconds);
        }
        return new WeightOnly("gaplab", "weight-only-measures", spec, model.ParameterCount, names.Length, threads, reps,
            times.Order().ElementAt(times.Count / 2), times.ToArray());
    }

    public static Search MeasureSearch(string spec, string measure, int examples, int draws, int depth, int threads)
    {
        set_num_threads(threads);
        var (model, init, train) = Setup(spec, examples);
        var options = new MeasureOptions
        {
            Measures = measure, PerturbationExamples = examples, MonteCarloDraws = draws, SearchDepth = depth,
            SharpnessDepth = depth, PgdlSharpnessIterations = depth,
        };
        var sw = Stopwatch.StartNew();
        var value = ComplexityMeasures.Compute(model.Module, init, train, options).Single();
        double seconds = sw.Elapsed.TotalSeconds;
        // evaluations: search steps x Monte-Carlo draws for the PAC-Bayes search, search steps x restarts otherwise
        int steps = Capture(StepsPattern(), value.Notes), perStep = measure.StartsWith("PACBAYES", StringComparison.Ordinal) ? draws : Math.Max(1, Capture(RestartsPattern(), value.Notes));
        int evaluations = Math.Max(1, steps * perStep);
        return new Search("gaplab", "search-measure", spec, measure, examples, draws, depth, threads, seconds, evaluations, seconds / evaluations, value.Notes);
    }

    static int Capture(Regex pattern, string text) => pattern.Match(text) is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"(\d+) step\(s\)")]
    private static partial Regex StepsPattern();

    [GeneratedRegex(@"(\d+) restarts")]
    private static partial Regex RestartsPattern();
}
