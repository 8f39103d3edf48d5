using GapLab.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Core.Tests.Complexity;

/// <summary>Hand-made networks and data whose complexity measures can be worked out on paper.</summary>
internal static class HandNetworks
{
    /// <summary>Flatten, Linear(2,2) W1, ReLU, Linear(2,2) W2 with zero biases; state names 1.weight, 1.bias, 3.weight, 3.bias.</summary>
    public static nn.Module<Tensor, Tensor> TwoLayer(double[,] w1, double[,] w2, double[]? b1 = null, double[]? b2 = null)
    {
        GapLab.Runtime.TorchRuntime.EnsureLoaded();
        var l1 = nn.Linear(w1.GetLength(1), w1.GetLength(0));
        var l2 = nn.Linear(w2.GetLength(1), w2.GetLength(0));
        using (no_grad())
        {
            l1.weight!.copy_(Matrix(w1));
            l2.weight!.copy_(Matrix(w2));
            l1.bias!.copy_(b1 is null ? zeros(w1.GetLength(0)) : tensor(b1.Select(v => (float)v).ToArray()));
            l2.bias!.copy_(b2 is null ? zeros(w2.GetLength(0)) : tensor(b2.Select(v => (float)v).ToArray()));
        }
        return nn.Sequential(("0", nn.Flatten()), ("1", l1), ("2", nn.ReLU()), ("3", l2));
    }

    public static Tensor Matrix(double[,] m)
    {
        int r = m.GetLength(0), c = m.GetLength(1);
        var flat = new float[r * c];
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++)
                flat[i * c + j] = (float)m[i, j];
        return tensor(flat, [r, c]);
    }

    public static double[,] Diag(params double[] d)
    {
        var m = new double[d.Length, d.Length];
        for (int i = 0; i < d.Length; i++) m[i, i] = d[i];
        return m;
    }

    /// <summary>Nine examples (1, 0) of class 0 and one (0, 1) of class 1.</summary>
    public static Dataset TenPoints()
    {
        var x = new List<float>();
        var y = new List<int>();
        for (int i = 0; i < 9; i++) { x.AddRange([1f, 0f]); y.Add(0); }
        x.AddRange([0f, 1f]);
        y.Add(1);
        return new Dataset("ten-points", x.ToArray(), y.ToArray(), [2], ["a", "b"]);
    }

    /// <summary>Three Gaussian blobs in 4-D (class c has mean 3 at feature c), System.Random seeded.</summary>
    public static Dataset Blobs(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new float[n * 4];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = i % 3;
            for (int j = 0; j < 4; j++)
            {
                double g = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                x[i * 4 + j] = (float)((j == y[i] ? 3 : 0) + g);
            }
        }
        return new Dataset("blobs", x, y, [4], ["c0", "c1", "c2"]);
    }

    /// <summary>A linear classifier that reads class c off feature c (about 90% accurate on <see cref="Blobs"/>).</summary>
    public static nn.Module<Tensor, Tensor> BlobReader()
    {
        GapLab.Runtime.TorchRuntime.EnsureLoaded();
        var l = nn.Linear(4, 3);
        using (no_grad())
        {
            l.weight!.copy_(Matrix(new double[,] { { 1, 0, 0, 0 }, { 0, 1, 0, 0 }, { 0, 0, 1, 0 } }));
            l.bias!.zero_();
        }
        return nn.Sequential(("0", nn.Flatten()), ("1", l));
    }

    /// <summary>Detached clones of the parameters of <paramref name="m"/>.</summary>
    public static Dictionary<string, Tensor> Parameters(nn.Module m) =>
        m.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
}
