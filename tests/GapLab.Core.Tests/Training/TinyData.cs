using GapLab.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Core.Tests.Training;

/// <summary>Hand-made tiny datasets and models for the training tests (no dependency on the data or model zoo code).</summary>
internal static class TinyData
{
    /// <summary>
    /// <paramref name="n"/> samples of <paramref name="features"/> values; class c = i mod classes has mean
    /// <paramref name="separation"/> at feature c and Gaussian noise <paramref name="noise"/> (System.Random seeded).
    /// </summary>
    public static Dataset Blobs(int n, int seed, int classes = 3, int features = 4, double separation = 3, double noise = 1, float scale = 1)
    {
        var rng = new Random(seed);
        var x = new float[n * features];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = i % classes;
            for (int j = 0; j < features; j++)
            {
                double g = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                x[i * features + j] = scale * (float)((j == y[i] ? separation : 0) + noise * g);
            }
        }
        return new Dataset("blobs", x, y, [features], Enumerable.Range(0, classes).Select(c => $"c{c}").ToArray());
    }

    /// <summary>A fresh Flatten + Linear(features, classes) after seeding torch, so its initialisation is reproducible.</summary>
    public static nn.Module<Tensor, Tensor> Linear(long seed, int features = 4, int classes = 3)
    {
        torch.manual_seed(seed);
        return nn.Sequential(nn.Flatten(), nn.Linear(features, classes));
    }

    /// <summary>A small MLP (enough capacity to memorise a few dozen points).</summary>
    public static nn.Module<Tensor, Tensor> Mlp(long seed, int features = 4, int hidden = 32, int classes = 3)
    {
        torch.manual_seed(seed);
        return nn.Sequential(nn.Flatten(), nn.Linear(features, hidden), nn.ReLU(), nn.Linear(hidden, classes));
    }

    /// <summary>Collects progress events synchronously on the training thread (System.Progress would post them).</summary>
    public sealed class Recorder(Action<GapLab.Training.TrainProgress>? onReport = null) : IProgress<GapLab.Training.TrainProgress>
    {
        public List<GapLab.Training.TrainProgress> Events { get; } = [];

        public void Report(GapLab.Training.TrainProgress value)
        {
            Events.Add(value);
            onReport?.Invoke(value);
        }
    }
}
