using System.Diagnostics;
using GapLab.Runtime;
using static TorchSharp.torch;

namespace GapLab.Bench;

/// <summary>libtorch float32 matrix-multiply throughput: 2*n^3 FLOP per n x n product, best of <c>reps</c> timed products after two untimed ones (each product allocates its result, as torch.mm does in the peer).</summary>
public static class GemmPeak
{
    public sealed record Result(string Impl, int N, int Threads, int Reps, double BestSeconds, double MedianSeconds, double PeakGflopPerSecond, double MedianGflopPerSecond);

    public static Result Measure(int n, int threads, int reps)
    {
        TorchRuntime.EnsureLoaded();
        TorchEnvironment.Apply(new TorchSettings("cpu", threads, 0));
        using var scope = NewDisposeScope();
        var a = randn(n, n);
        var b = randn(n, n);
        for (int i = 0; i < 2; i++) a.mm(b).Dispose();
        var times = new List<double>();
        for (int i = 0; i < reps; i++)
        {
            var sw = Stopwatch.StartNew();
            using var c = a.mm(b);
            times.Add(sw.Elapsed.TotalSeconds);
        }
        times.Sort();
        double flop = 2.0 * n * n * n;
        double best = times[0], median = times[times.Count / 2];
        return new Result("gaplab-libtorch", n, threads, reps, best, median, flop / best / 1e9, flop / median / 1e9);
    }
}
