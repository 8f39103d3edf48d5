using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Quality;

/// <summary>Validation and conversion shared by the probability-based quality metrics (N x K matrices, N labels).</summary>
internal static class ClassificationInputs
{
    /// <summary>Row sums of a probability matrix may deviate from 1 by this much (float32 softmax rounding).</summary>
    public const double RowSumTolerance = 1e-3;

    /// <summary>Checks shape, label range and that every row is a probability vector.</summary>
    public static void ValidateProbabilities(double[,] probabilities, int[] labels)
    {
        ValidateShape(probabilities, labels, "probabilities");
        int n = probabilities.GetLength(0), k = probabilities.GetLength(1);
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int j = 0; j < k; j++)
            {
                double p = probabilities[i, j];
                if (!double.IsFinite(p) || p < 0 || p > 1 + RowSumTolerance)
                    throw new ArgumentException($"probabilities[{i},{j}] = {p} is not a probability in [0,1]; pass softmax outputs (or logits to TemperatureScaling).", nameof(probabilities));
                sum += p;
            }
            if (Math.Abs(sum - 1) > RowSumTolerance)
                throw new ArgumentException($"probabilities row {i} sums to {sum:R}, not 1 (tolerance {RowSumTolerance}); apply softmax to logits first.", nameof(probabilities));
        }
    }

    /// <summary>Checks shape, finiteness and label range of a logit matrix.</summary>
    public static void ValidateLogits(double[,] logits, int[] labels)
    {
        ValidateShape(logits, labels, "logits");
        foreach (var z in logits)
            if (!double.IsFinite(z)) throw new ArgumentException($"logits contain a non-finite value ({z}).", nameof(logits));
    }

    static void ValidateShape(double[,] matrix, int[] labels, string name)
    {
        ArgumentNullException.ThrowIfNull(matrix, name);
        ArgumentNullException.ThrowIfNull(labels);
        int n = matrix.GetLength(0), k = matrix.GetLength(1);
        if (n == 0) throw new ArgumentException($"{name} has no rows; at least one sample is needed.", name);
        if (k < 2) throw new ArgumentException($"{name} has {k} column(s); at least 2 classes are needed.", name);
        if (labels.Length != n)
            throw new ArgumentException($"{labels.Length} labels do not match the {n} rows of {name}.", nameof(labels));
        for (int i = 0; i < n; i++)
            if ((uint)labels[i] >= (uint)k)
                throw new ArgumentException($"label {labels[i]} of sample {i} is outside [0, {k - 1}].", nameof(labels));
    }

    /// <summary>Index and value of the largest entry of row <paramref name="i"/> (first index on ties, like argmax).</summary>
    public static (int Index, double Value) ArgMax(double[,] m, int i)
    {
        int best = 0;
        for (int j = 1; j < m.GetLength(1); j++) if (m[i, j] > m[i, best]) best = j;
        return (best, m[i, best]);
    }

    /// <summary>A 2-D tensor [N,K] copied to a double matrix (any dtype, any device).</summary>
    public static double[,] ToMatrix(Tensor t, string name)
    {
        ArgumentNullException.ThrowIfNull(t, name);
        if (t.dim() != 2) throw new ArgumentException($"{name} must be a 2-D tensor [N,K]; got shape [{string.Join(",", t.shape)}].", name);
        using var d = t.detach().to(ScalarType.Float64).cpu().contiguous();
        var flat = d.data<double>().ToArray();
        int n = (int)t.shape[0], k = (int)t.shape[1];
        var m = new double[n, k];
        Buffer.BlockCopy(flat, 0, m, 0, flat.Length * sizeof(double));
        return m;
    }

    /// <summary>A 1-D integer tensor [N] copied to an int array.</summary>
    public static int[] ToLabels(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (t.dim() != 1) throw new ArgumentException($"labels must be a 1-D tensor [N]; got shape [{string.Join(",", t.shape)}].", "labels");
        using var d = t.detach().to(ScalarType.Int64).cpu().contiguous();
        return d.data<long>().ToArray().Select(v => checked((int)v)).ToArray();
    }

    /// <summary>Row-wise softmax of z / T, computed stably in double precision.</summary>
    public static double[,] Softmax(double[,] logits, double temperature = 1.0)
    {
        int n = logits.GetLength(0), k = logits.GetLength(1);
        var p = new double[n, k];
        for (int i = 0; i < n; i++)
        {
            double max = double.NegativeInfinity;
            for (int j = 0; j < k; j++) max = Math.Max(max, logits[i, j] / temperature);
            double sum = 0;
            for (int j = 0; j < k; j++) { p[i, j] = Math.Exp(logits[i, j] / temperature - max); sum += p[i, j]; }
            for (int j = 0; j < k; j++) p[i, j] /= sum;
        }
        return p;
    }

    /// <summary>Geometric mean of non-negative values (0 if any is 0).</summary>
    public static double GeometricMean(params double[] values)
    {
        if (values.Length == 0) throw new ArgumentException("geometric mean of no values is undefined.");
        foreach (var v in values)
            if (!(v >= 0) || !double.IsFinite(v)) throw new ArgumentException($"geometric mean needs finite non-negative values; got {v}.");
        if (values.Any(v => v == 0)) return 0;
        return Math.Exp(values.Average(Math.Log));
    }
}
