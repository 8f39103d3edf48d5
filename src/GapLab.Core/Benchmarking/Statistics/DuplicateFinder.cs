using System.Security.Cryptography;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Benchmarking.Statistics;

/// <summary>Pairs (index in the probe set, index in the reference set) of exact and of near duplicates (near includes exact).</summary>
public sealed record DuplicateReport(IReadOnlyList<(int Probe, int Reference)> Exact, IReadOnlyList<(int Probe, int Reference, double Rms)> Near, double Threshold);

/// <summary>
/// Leakage check between two image sets: exact duplicates have identical pixels (SHA-256 of the float32 values); near duplicates have
/// root-mean-square pixel difference RMS(a,b) = ‖a-b‖₂/√D at most the threshold (default 0.02 on [0,1] pixels: about 5 grey levels), nearest reference per probe.
/// Source: exact/near-duplicate audit as in Barz &amp; Denzler (2020) "Do we train on test data? Purging CIFAR of near-duplicates", J. Imaging 6(6):41 (pixel-space form).
/// </summary>
public static class DuplicateFinder
{
    public const double DefaultThreshold = 0.02;

    /// <summary>Duplicates of each of <paramref name="probe"/>'s samples among <paramref name="reference"/>'s; both [N, D] flattened, same D.</summary>
    public static DuplicateReport Find(float[] probe, float[] reference, int dimension, double threshold = DefaultThreshold, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(reference);
        if (dimension < 1 || probe.Length % dimension != 0 || reference.Length % dimension != 0)
            throw new ArgumentException($"duplicate search needs whole samples of dimension {dimension}.");
        int np = probe.Length / dimension, nr = reference.Length / dimension;
        var hashes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int j = 0; j < nr; j++) hashes.TryAdd(Hash(reference, j, dimension), j);
        var exact = new List<(int, int)>();
        for (int i = 0; i < np; i++)
            if (hashes.TryGetValue(Hash(probe, i, dimension), out int j)) exact.Add((i, j));

        var near = new List<(int, int, double)>();
        if (np == 0 || nr == 0) return new DuplicateReport(exact, near, threshold);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var r = tensor(reference, new long[] { nr, dimension }, ScalarType.Float32);
        var rNorm = r.pow(2).sum(1);
        const int chunk = 256;
        for (int start = 0; start < np; start += chunk)
        {
            ct.ThrowIfCancellationRequested();
            using var inner = NewDisposeScope();
            int len = Math.Min(chunk, np - start);
            var p = tensor(probe.AsSpan(start * dimension, len * dimension).ToArray(), new long[] { len, dimension }, ScalarType.Float32);
            // ‖p-r‖² = ‖p‖² + ‖r‖² - 2 p·r in float32 (a GEMM); the nearest reference's distance is then recomputed exactly
            var d2 = (p.pow(2).sum(1).unsqueeze(1) + rNorm.unsqueeze(0) - 2 * p.matmul(r.t())).clamp_min(0);
            var (_, arg) = d2.min(1);
            var args = arg.data<long>().ToArray();
            for (int i = 0; i < len; i++)
            {
                double rms = Rms(probe, start + i, reference, (int)args[i], dimension);
                if (rms <= threshold) near.Add((start + i, (int)args[i], rms));
            }
        }
        return new DuplicateReport(exact, near, threshold);
    }

    static double Rms(float[] a, int i, float[] b, int j, int dimension)
    {
        double s = 0;
        for (int t = 0; t < dimension; t++) { double d = (double)a[i * dimension + t] - b[j * dimension + t]; s += d * d; }
        return Math.Sqrt(s / dimension);
    }

    static string Hash(float[] data, int index, int dimension) =>
        Convert.ToHexString(SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan(index * dimension, dimension))));
}
