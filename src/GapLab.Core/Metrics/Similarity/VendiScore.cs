using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Metrics.Similarity;

/// <summary>
/// Vendi score VS = exp(-sum_i λ_i ln λ_i), λ = eigenvalues of K/n for a similarity kernel K with K_ii = 1 (0 ln 0 = 0; λ &lt;= 0 dropped).
/// Source: Friedman &amp; Dieng (2023) "The Vendi Score: a diversity evaluation metric for machine learning", TMLR, eq. 1.
/// </summary>
public static class VendiScore
{
    /// <summary>VS of a symmetric kernel with unit diagonal; 1 for identical items, n for mutually orthogonal ones.</summary>
    public static double FromSimilarity(double[,] kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        int n = kernel.GetLength(0);
        if (n == 0 || n != kernel.GetLength(1))
            throw new ArgumentException($"kernel is {kernel.GetLength(0)}x{kernel.GetLength(1)}: accepted a non-empty square matrix.", nameof(kernel));
        for (int i = 0; i < n; i++)
            if (Math.Abs(kernel[i, i] - 1) > 1e-6)
                throw new ArgumentException($"kernel[{i},{i}] = {kernel[i, i]}: accepted a similarity with k(x, x) = 1 (normalise the kernel first).", nameof(kernel));
        var scaled = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) scaled[i, j] = kernel[i, j] / n;
        return FromEigenvalues(Eigenvalues(scaled));
    }

    /// <summary>VS over the SSIM kernel of images [N, C, H, W].</summary>
    public static double FromSsim(Tensor images, SsimOptions? options = null) => FromSimilarity(GapLab.Metrics.Similarity.Ssim.Matrix(images, options));

    /// <summary>
    /// VS over the cosine kernel of feature rows [N, D] (rows scaled to unit norm). Uses the D x D Gram matrix X^T X / N when D &lt; N
    /// (same non-zero eigenvalues as X X^T / N).
    /// </summary>
    public static double FromFeatures(double[,] features)
    {
        ArgumentNullException.ThrowIfNull(features);
        int n = features.GetLength(0), d = features.GetLength(1);
        if (n == 0 || d == 0) throw new ArgumentException($"features is {n}x{d}: accepted a non-empty N x D matrix.", nameof(features));
        var x = new double[n, d];
        for (int i = 0; i < n; i++)
        {
            double norm = 0;
            for (int k = 0; k < d; k++) norm += features[i, k] * features[i, k];
            norm = Math.Sqrt(norm);
            if (!(norm > 0) || !double.IsFinite(norm))
                throw new ArgumentException($"feature row {i} has norm {norm}: accepted finite, non-zero rows (cosine similarity is undefined otherwise).", nameof(features));
            for (int k = 0; k < d; k++) x[i, k] = features[i, k] / norm;
        }
        bool rows = n <= d;
        int m = rows ? n : d;
        var gram = new double[m, m];
        for (int a = 0; a < m; a++)
            for (int b = a; b < m; b++)
            {
                double s = 0;
                if (rows) for (int k = 0; k < d; k++) s += x[a, k] * x[b, k];
                else for (int k = 0; k < n; k++) s += x[k, a] * x[k, b];
                gram[a, b] = gram[b, a] = s / n;
            }
        return FromEigenvalues(Eigenvalues(gram));
    }

    /// <summary>VS over the cosine kernel of a feature tensor [N, D].</summary>
    public static double FromFeatures(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.dim() != 2) throw new ArgumentException($"features have shape [{string.Join(", ", features.shape)}]: accepted [N, D].", nameof(features));
        int n = (int)features.shape[0], d = (int)features.shape[1];
        using var cpu = features.to_type(ScalarType.Float64).cpu().contiguous();
        var flat = cpu.data<double>().ToArray();
        var x = new double[n, d];
        Buffer.BlockCopy(flat, 0, x, 0, flat.Length * sizeof(double));
        return FromFeatures(x);
    }

    /// <summary>Largest matrix size solved by the pure C# Jacobi method; larger ones use LAPACK through torch.linalg.eigvalsh (float64, CPU).</summary>
    public const int JacobiMaxSize = 64;

    static double[] Eigenvalues(double[,] symmetric)
    {
        int n = symmetric.GetLength(0);
        if (n <= JacobiMaxSize) return SymmetricEigenvalues.Jacobi(symmetric);
        GapLab.Runtime.TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var flat = new double[n * n];
        Buffer.BlockCopy(symmetric, 0, flat, 0, flat.Length * sizeof(double));
        var m = tensor(flat, [n, n], ScalarType.Float64);
        if (!allclose(m, m.t(), rtol: 0, atol: 1e-9 * Math.Max(m.abs().max().ToDouble(), 1e-300)))
            throw new ArgumentException($"the {n}x{n} kernel is not symmetric: accepted a symmetric similarity matrix.", nameof(symmetric));
        return linalg.eigvalsh(m).data<double>().ToArray();
    }

    /// <summary>exp of the Shannon entropy of the positive eigenvalues.</summary>
    static double FromEigenvalues(double[] eigenvalues)
    {
        double h = 0;
        foreach (var l in eigenvalues)
            if (l > 0) h -= l * Math.Log(l);
        return Math.Exp(h);
    }
}
