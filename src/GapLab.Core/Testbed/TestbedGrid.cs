namespace GapLab.Testbed;

/// <summary>
/// The testbed as the trade-off search sees it (spec metrics.md 1.7): x = SSIM level, y = 1 - zero-shot fraction, z = model size
/// normalised to [0, 1] (<see cref="SizeScale"/>), each axis ascending, and f1..f6 on that grid as <see cref="TrilinearGrid"/>s.
/// Needs a complete grid: exactly one cell per (SSIM level, k, model).
/// </summary>
public sealed class TestbedGrid
{
    readonly TrilinearGrid[] _statistics;
    readonly TrilinearGrid _sum;
    readonly double[][,,] _nodes;

    TestbedGrid(double[] x, double[] y, double[] z, long[] parameters, SizeScale scale, double[][,,] nodes)
    {
        X = x; Y = y; Z = z; Parameters = parameters; SizeScale = scale; _nodes = nodes;
        _statistics = nodes.Select(v => new TrilinearGrid(x, y, z, v)).ToArray();
        var sum = new double[x.Length, y.Length, z.Length];
        foreach (var v in nodes)
            for (int i = 0; i < x.Length; i++)
                for (int j = 0; j < y.Length; j++)
                    for (int k = 0; k < z.Length; k++) sum[i, j, k] += v[i, j, k];
        _sum = new TrilinearGrid(x, y, z, sum); // interpolation is linear in the node values
    }

    public IReadOnlyList<double> X { get; }
    public IReadOnlyList<double> Y { get; }
    public IReadOnlyList<double> Z { get; }
    /// <summary>Parameter counts in ascending order (Z[i] belongs to Parameters[i]).</summary>
    public IReadOnlyList<long> Parameters { get; }
    public SizeScale SizeScale { get; }

    /// <summary>Interpolated statistic f_(index+1) at (x, y, z); index 0..5.</summary>
    public double Statistic(int index, double x, double y, double z) => _statistics[index].At(x, y, z);

    /// <summary>S = f1 + ... + f6 at (x, y, z).</summary>
    public double Surrogate(double x, double y, double z) => _sum.At(x, y, z);

    /// <summary>
    /// The cells as scattered points (x, y, z) with f1..f6 (Statistics[s][point]), in grid order (x slowest, z fastest): the reference code's
    /// griddata input. The order decides <see cref="DelaunayLinearInterpolator"/>'s ties on this (co-spherical) point set.
    /// </summary>
    public (IReadOnlyList<double[]> Points, IReadOnlyList<double[]> Statistics) Scattered()
    {
        var points = new List<double[]>();
        var stats = Enumerable.Range(0, 6).Select(_ => new List<double>()).ToArray();
        for (int i = 0; i < X.Count; i++)
            for (int j = 0; j < Y.Count; j++)
                for (int k = 0; k < Z.Count; k++)
                {
                    points.Add([X[i], Y[j], Z[k]]);
                    for (int s = 0; s < 6; s++) stats[s].Add(_nodes[s][i, j, k]);
                }
        return (points, stats.Select(l => l.ToArray()).ToArray());
    }

    /// <summary>The parameter count at normalised size <paramref name="z"/> (inverse of the normalisation).</summary>
    public double SizeAt(double z)
    {
        double min = Parameters[0], max = Parameters[^1];
        if (Parameters.Count == 1) return min;
        return SizeScale == SizeScale.Log ? Math.Exp(Math.Log(min) + z * (Math.Log(max) - Math.Log(min))) : min + z * (max - min);
    }

    /// <summary>
    /// The grid of <paramref name="cells"/> (one per SSIM level x zero-shot level x model). With <see cref="SsimCoordinate.Achieved"/> a level's
    /// x coordinate is the mean achieved SSIM of its cells instead of its target; the levels must keep their order.
    /// </summary>
    public static TestbedGrid FromCells(IReadOnlyList<TestbedCell> cells, SizeScale scale = SizeScale.Linear, SsimCoordinate coordinate = SsimCoordinate.Target)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Count == 0) throw new ArgumentException("No testbed cells: accepted a complete grid of cells.", nameof(cells));
        var targets = cells.Select(c => c.SsimTarget).Distinct().Order().ToArray();
        var ssim = coordinate == SsimCoordinate.Achieved ? targets.Select(t => cells.Where(c => c.SsimTarget == t).Average(c => c.AchievedSsim)).ToArray() : targets;
        for (int l = 1; l < ssim.Length; l++)
            if (!(ssim[l] > ssim[l - 1]))
                throw new ArgumentException(FormattableString.Invariant(
                    $"the achieved mean SSIM of level {targets[l]} ({ssim[l]:F4}) is not above that of level {targets[l - 1]} ({ssim[l - 1]:F4}): the levels overlap, so the achieved SSIM cannot order them; use ssim_coordinate target or levels further apart."), nameof(cells));
        var ys = cells.Select(c => 1 - c.ZeroShotFraction).Distinct().Order().ToArray();
        var models = cells.GroupBy(c => c.ModelIndex).Select(g => (Index: g.Key, g.First().Parameters, g.First().Model)).OrderBy(m => m.Parameters).ToArray();
        for (int i = 1; i < models.Length; i++)
            if (models[i].Parameters == models[i - 1].Parameters)
                throw new ArgumentException($"models '{models[i - 1].Model}' and '{models[i].Model}' both have {models[i].Parameters} parameters: the size axis needs distinct parameter counts.", nameof(cells));
        if (models.Any(m => m.Parameters <= 0))
            throw new ArgumentException("a model has no parameters: accepted positive parameter counts on the size axis.", nameof(cells));
        var parameters = models.Select(m => m.Parameters).ToArray();
        var z = parameters.Select(p => Normalise(p, parameters, scale)).ToArray();
        int expected = ssim.Length * ys.Length * models.Length;
        if (cells.Count != expected)
            throw new ArgumentException($"{cells.Count} cells for {ssim.Length} SSIM levels x {ys.Length} zero-shot levels x {models.Length} models = {expected}: accepted exactly one cell per combination.", nameof(cells));
        var values = Enumerable.Range(0, 6).Select(_ => new double[ssim.Length, ys.Length, models.Length]).ToArray();
        var seen = new bool[ssim.Length, ys.Length, models.Length];
        foreach (var c in cells)
        {
            int i = Array.IndexOf(targets, c.SsimTarget), j = Array.IndexOf(ys, 1 - c.ZeroShotFraction);
            int k = Array.FindIndex(models, m => m.Index == c.ModelIndex);
            if (seen[i, j, k])
                throw new ArgumentException($"two cells at SSIM {c.SsimTarget}, k = {c.UnseenClasses}, model '{c.Model}': accepted one cell per combination.", nameof(cells));
            seen[i, j, k] = true;
            var f = c.Statistics();
            for (int s = 0; s < 6; s++) values[s][i, j, k] = f[s];
        }
        return new TestbedGrid(ssim, ys, z, parameters, scale, values);
    }

    static double Normalise(long p, long[] all, SizeScale scale)
    {
        double min = all[0], max = all[^1];
        if (all.Length == 1) return 0;
        return scale == SizeScale.Log ? (Math.Log(p) - Math.Log(min)) / (Math.Log(max) - Math.Log(min)) : (p - min) / (max - min);
    }
}
