namespace GapLab.Metrics.Similarity;

/// <summary>
/// Eigenvalues of a real symmetric matrix by the cyclic Jacobi method: rotate away each off-diagonal a_pq with t = sgn(θ)/(|θ| + sqrt(θ²+1)),
/// θ = (a_qq - a_pp)/(2 a_pq), until the off-diagonal mass vanishes. Source: Golub &amp; Van Loan, Matrix Computations, §8.5 (O(n³) per sweep; n ≤ ~512).
/// </summary>
public static class SymmetricEigenvalues
{
    /// <summary>Eigenvalues ascending. The matrix must be square and symmetric to 1e-9 relative.</summary>
    public static double[] Jacobi(double[,] matrix, int maxSweeps = 100)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int n = matrix.GetLength(0);
        if (n != matrix.GetLength(1) || n == 0)
            throw new ArgumentException($"matrix is {matrix.GetLength(0)}x{matrix.GetLength(1)}: accepted a non-empty square matrix.", nameof(matrix));
        var a = (double[,])matrix.Clone();
        double scale = 0;
        foreach (var v in a)
        {
            if (!double.IsFinite(v)) throw new ArgumentException($"matrix contains {v}: accepted finite entries.", nameof(matrix));
            scale = Math.Max(scale, Math.Abs(v));
        }
        for (int p = 0; p < n; p++)
            for (int q = p + 1; q < n; q++)
                if (Math.Abs(a[p, q] - a[q, p]) > 1e-9 * Math.Max(scale, 1e-300))
                    throw new ArgumentException($"matrix[{p},{q}] = {a[p, q]} but matrix[{q},{p}] = {a[q, p]}: accepted a symmetric matrix.", nameof(matrix));

        for (int sweep = 0; sweep < maxSweeps; sweep++)
        {
            double off = 0, diag = 0;
            for (int p = 0; p < n; p++)
            {
                diag += a[p, p] * a[p, p];
                for (int q = p + 1; q < n; q++) off += a[p, q] * a[p, q];
            }
            if (off <= 1e-30 * Math.Max(diag, 1e-300)) break;
            for (int p = 0; p < n; p++)
                for (int q = p + 1; q < n; q++)
                {
                    double apq = a[p, q];
                    if (apq == 0) continue;
                    double theta = (a[q, q] - a[p, p]) / (2 * apq);
                    double t = (theta >= 0 ? 1 : -1) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < n; k++)
                    {
                        double akp = a[k, p], akq = a[k, q];
                        a[k, p] = c * akp - s * akq;
                        a[k, q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++)
                    {
                        double apk = a[p, k], aqk = a[q, k];
                        a[p, k] = c * apk - s * aqk;
                        a[q, k] = s * apk + c * aqk;
                    }
                    a[p, q] = a[q, p] = 0;
                }
        }
        var eig = new double[n];
        for (int i = 0; i < n; i++) eig[i] = a[i, i];
        Array.Sort(eig);
        return eig;
    }
}
