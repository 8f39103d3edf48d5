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
    public sealed record WeightOnly(string Impl, string Benchmark, string Model, long Parameters, int Measures, int Threads, int Reps, double Seconds, double[] AllSeconds,
        Dictionary<string, double> StageSeconds);

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

    public static WeightOnly MeasureWeightOnly(string spec, int threads, int reps, string? only = null)
    {
        GapLab.Runtime.TorchRuntime.EnsureLoaded();
        set_num_threads(threads);
        var (model, init, train) = Setup(spec, 1000);
        var names = only is { Length: > 0 } ? MeasureCatalog.Select(only).Select(m => m.Name).ToArray()
            : MeasureCatalog.All.Where(m => m.Cost is MeasureCatalog.Trivial or MeasureCatalog.W).Select(m => m.Name).ToArray();
        var options = new MeasureOptions { Measures = string.Join(",", names) };
        ComplexityMeasures.Compute(model.Module, init, train, options); // warm-up
        var times = new List<double>();
        for (int r = 0; r < reps; r++)
        {
            var sw = Stopwatch.StartNew();
            ComplexityMeasures.Compute(model.Module, init, train, options);
            times.Add(sw.Elapsed.TotalSeconds);
        }
        // where the time goes: seconds from each progress stage to the next (last repeat)
        var stages = new Dictionary<string, double>();
        var clock = Stopwatch.StartNew();
        string? current = null;
        double mark = 0;
        ComplexityMeasures.Compute(model.Module, init, train, options, new SyncProgress<MeasureProgress>(p =>
        {
            if (current is not null) stages[current] = clock.Elapsed.TotalSeconds - mark;
            (current, mark) = (p.Stage, clock.Elapsed.TotalSeconds);
        }));
        if (current is not null) stages[current] = clock.Elapsed.TotalSeconds - mark;
        return new WeightOnly("gaplab", "weight-only-measures", spec, model.ParameterCount, names.Length, threads, reps,
            times.Order().ElementAt(times.Count / 2), times.ToArray(), stages);
    }

    public static Search MeasureSearch(string spec, string measure, int examples, int draws, int depth, int threads)
    {
        GapLab.Runtime.TorchRuntime.EnsureLoaded();
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

    /// <summary>An IProgress that reports on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    static int Capture(Regex pattern, string text) => pattern.Match(text) is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"(\d+) step\(s\)")]
    private static partial Regex StepsPattern();

    [GeneratedRegex(@"(\d+) restarts")]
    private static partial Regex RestartsPattern();
}
