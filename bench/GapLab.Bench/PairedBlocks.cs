using System.Diagnostics;

namespace GapLab.Bench;

/// <summary>
/// Paired timing in one process: <c>variants</c> take turns in blocks of <c>block</c> steps for <c>rounds</c> rounds (who goes
/// first rotates), so load from other processes hits them alike. Per variant: the median wall and process-CPU milliseconds per
/// step, and the median of the per-round ratios to variant 0.
/// </summary>
public static class PairedBlocks
{
    public sealed record Timing(double WallMsPerStep, double CpuMsPerStep, double WallRatio, double CpuRatio);

    /// <param name="select">called before each block with the variant about to run</param>
    /// <param name="step">one step of a variant: (variant, running step number)</param>
    public static IReadOnlyList<Timing> Run(int variants, int rounds, int block, Action<int> select, Action<int, int> step)
    {
        var wall = Enumerable.Range(0, variants).Select(_ => new List<double>()).ToArray();
        var cpu = Enumerable.Range(0, variants).Select(_ => new List<double>()).ToArray();
        int n = 0;
        for (int r = 0; r < rounds; r++)
            for (int k = 0; k < variants; k++)
            {
                int v = (k + r) % variants;
                select(v);
                var sw = Stopwatch.StartNew();
                double c0 = TrainThroughput.Cpu();
                for (int i = 0; i < block; i++) step(v, n++);
                wall[v].Add(sw.Elapsed.TotalMilliseconds / block);
                cpu[v].Add((TrainThroughput.Cpu() - c0) * 1000 / block);
            }
        return Enumerable.Range(0, variants).Select(v => new Timing(Median(wall[v]), Median(cpu[v]),
            Median(wall[v].Zip(wall[0], (a, b) => a / b).ToList()), Median(cpu[v].Zip(cpu[0], (a, b) => a / b).ToList()))).ToList();
    }

    static double Median(List<double> values)
    {
        var s = values.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }
}
