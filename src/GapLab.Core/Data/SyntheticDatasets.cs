using System.Globalization;

namespace GapLab.Data;

/// <summary>
/// Small synthetic classification sets, deterministic under their seed (System.Random). Label noise
/// (<see cref="LabelNoise"/>) is applied to the train split only and recorded in the dataset name.
/// </summary>
public static class SyntheticDatasets
{
    /// <summary>
    /// Isotropic Gaussian classes N(mu_c, I) in <paramref name="dims"/> dimensions with balanced labels. Two classes sit at
    /// ±(separation/2)·e_0; up to 2*dims classes at the cross-polytope points ±(separation/√2)·e_k (class c on axis c/2).
    /// Either way the nearest means are exactly <paramref name="separation"/> apart. With more classes the means are random
    /// unit directions times separation/√2.
    /// </summary>
    public static DatasetSplit GaussianMixture(int classes = 3, int dims = 2, int trainSize = 600, int testSize = 600, double separation = 3, double labelNoise = 0, int seed = 0)
    {
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), classes, "Need at least 2 classes.");
        if (dims < 1) throw new ArgumentOutOfRangeException(nameof(dims), dims, "Need at least 1 dimension.");
        CheckSizes(trainSize, testSize);
        CheckFraction(labelNoise);
        if (!(separation >= 0) || double.IsInfinity(separation)) throw new ArgumentOutOfRangeException(nameof(separation), separation, "Separation must be a finite value >= 0.");
        var rng = new Random(seed);
        double radius = classes == 2 ? separation / 2 : separation / Math.Sqrt(2);
        var means = new double[classes, dims];
        for (int c = 0; c < classes; c++)
        {
            if (classes <= 2 * dims) { means[c, c / 2] = c % 2 == 0 ? radius : -radius; continue; }
            var z = new double[dims];
            double norm = 0;
            for (int k = 0; k < dims; k++) { z[k] = rng.NextGaussian(); norm += z[k] * z[k]; }
            norm = Math.Sqrt(norm);
            for (int k = 0; k < dims; k++) means[c, k] = radius * z[k] / norm;
        }
        var names = Enumerable.Range(0, classes).Select(c => $"gaussian {c}").ToArray();
        string name = $"gaussian-mixture(classes={classes},dims={dims},n={trainSize},separation={Fmt(separation)},label_noise={Fmt(labelNoise)},seed={seed})";
        Dataset Draw(int n, string dsName)
        {
            var y = rng.BalancedLabels(n, classes);
            var x = new float[(long)n * dims];
            for (int i = 0; i < n; i++)
                for (int k = 0; k < dims; k++)
                    x[(long)i * dims + k] = (float)(means[y[i], k] + rng.NextGaussian());
            return new Dataset(dsName, x, y, new[] { dims }, names);
        }
        return Finish(Draw(trainSize, name), Draw(testSize, name + "-test"), labelNoise, seed);
    }

    /// <summary>
    /// Two interleaved spirals in 2-D: t = sqrt(u), u ~ U(0,1); point = t·(cos θ, sin θ) with θ = 3π·t + π·label
    /// (1.5 turns per arm), plus N(0, noise²) on each coordinate. Balanced labels.
    /// </summary>
    public static DatasetSplit TwoSpirals(int trainSize = 600, int testSize = 600, double noise = 0.1, double labelNoise = 0, int seed = 0)
    {
        CheckSizes(trainSize, testSize);
        CheckFraction(labelNoise);
        if (!(noise >= 0) || double.IsInfinity(noise)) throw new ArgumentOutOfRangeException(nameof(noise), noise, "Noise must be a finite value >= 0.");
        var rng = new Random(seed);
        var names = new[] { "spiral 0", "spiral 1" };
        string name = $"two-spirals(n={trainSize},noise={Fmt(noise)},label_noise={Fmt(labelNoise)},seed={seed})";
        Dataset Draw(int n, string dsName)
        {
            var y = rng.BalancedLabels(n, 2);
            var x = new float[2L * n];
            for (int i = 0; i < n; i++)
            {
                double t = Math.Sqrt(rng.NextDouble());
                double theta = 3 * Math.PI * t + Math.PI * y[i];
                x[2 * i] = (float)(t * Math.Cos(theta) + noise * rng.NextGaussian());
                x[2 * i + 1] = (float)(t * Math.Sin(theta) + noise * rng.NextGaussian());
            }
            return new Dataset(dsName, x, y, new[] { 2 }, names);
        }
        return Finish(Draw(trainSize, name), Draw(testSize, name + "-test"), labelNoise, seed);
    }

    /// <summary>Label noise (exactly round(fraction * N) train labels changed to another class) on the train split only; the name stays the generator's.</summary>
    static DatasetSplit Finish(Dataset train, Dataset test, double labelNoise, int seed)
    {
        var noisy = LabelNoise.Apply(train, labelNoise, seed).Dataset;
        return new DatasetSplit(noisy.WithLabels(noisy.Labels, train.Name), test);
    }

    static void CheckSizes(int trainSize, int testSize)
    {
        if (trainSize < 1) throw new ArgumentOutOfRangeException(nameof(trainSize), trainSize, "Train size must be positive.");
        if (testSize < 1) throw new ArgumentOutOfRangeException(nameof(testSize), testSize, "Test size must be positive.");
    }

    static void CheckFraction(double labelNoise)
    {
        if (!(labelNoise >= 0 && labelNoise <= 1))
            throw new ArgumentOutOfRangeException(nameof(labelNoise), labelNoise, "Label-noise fraction must be in [0, 1].");
    }

    static string Fmt(double v) => v.ToString(CultureInfo.InvariantCulture);
}
