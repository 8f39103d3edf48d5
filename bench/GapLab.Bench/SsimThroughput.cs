using System.Diagnostics;
using GapLab.Metrics.Similarity;
using GapLab.Weights;
using static TorchSharp.torch;

namespace GapLab.Bench;

/// <summary>
/// Batched SSIM (scikit-image default: uniform 7x7, sample covariance, float64) of N pairs (embedded Fashion-MNIST test image vs a
/// seeded noisy copy). Writes the pairs and GapLab's values to DIR so bench/peers/ssim_peer.py scores the very same pairs with
/// skimage.metrics.structural_similarity and compares the values.
/// </summary>
public static class SsimThroughput
{
    public sealed record Result(string Impl, string Benchmark, int Pairs, int Threads, int Reps, double Seconds, double PairsPerSecond, string PairsFile);

    public static Result Measure(string dir, int pairs, int threads, int reps)
    {
        GapLab.Runtime.TorchRuntime.EnsureLoaded();
        if (pairs < 1 || reps < 1) throw new ArgumentException($"--pairs {pairs} and --reps {reps} must be >= 1.");
        set_num_threads(threads);
        Directory.CreateDirectory(dir);
        var test = GapLab.Data.EmbeddedFashionMnist.Load().Test;
        if (pairs > test.Count) throw new ArgumentException($"--pairs {pairs}: the embedded test set has {test.Count} images.");
        using var scope = NewDisposeScope();
        var (x, _) = test.Subset(Enumerable.Range(0, pairs).ToArray()).ToTensors();
        var a = x.to(ScalarType.Float64);
        var noise = GapLab.Runtime.SeededRandom.Randn(a.shape, ScalarType.Float64, CPU, GapLab.Runtime.SeededRandom.Create(11));
        var b = (a + 0.1 * noise).clamp(0, 1);
        var values = Ssim.Pairwise(a, b); // warm-up, and the values the peer compares with
        var times = new List<double>();
        for (int r = 0; r < reps; r++)
        {
            using var inner = NewDisposeScope();
            var sw = Stopwatch.StartNew();
            Ssim.Pairwise(a, b);
            times.Add(sw.Elapsed.TotalSeconds);
        }
        double median = times.Order().ElementAt(times.Count / 2);
        var file = Path.Combine(dir, "ssim-pairs.safetensors");
        Safetensors.Save(file, new Dictionary<string, Tensor> { ["a"] = a, ["b"] = b, ["gaplab"] = values.to(ScalarType.Float64) });
        return new Result("gaplab", "ssim", pairs, threads, reps, median, pairs / median, file);
    }
}
