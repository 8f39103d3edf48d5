using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Metrics.Complexity;

/// <summary>
/// Largest singular value of a weight: of the kernel reshaped to (out, in*kh*kw) (the approximate norm), or exactly of the
/// circular stride-1 convolution on an H x W input via sigma_max = max_{u,v} sigma_max(FFT2(K)[:,:,u,v]) (Sedghi et al. 2019).
/// Source: spec metrics.md 2.4; Dziugaite et al. 2020 measures.py (*_FFT measures).
/// </summary>
public static class SpectralNorm
{
    /// <summary>sigma_max of <paramref name="weight"/> reshaped to (shape[0], -1), in float64.</summary>
    public static double OfMatrix(Tensor weight)
    {
        ArgumentNullException.ThrowIfNull(weight);
        using var scope = NewDisposeScope();
        var m = weight.detach().to(ScalarType.Float64).reshape(weight.shape[0], -1);
        return linalg.svdvals(m).max().item<double>();
    }

    /// <summary>
    /// Exact operator norm of the circular convolution with kernel <paramref name="kernel"/> (out, in, kh, kw) on inputs of
    /// <paramref name="height"/> x <paramref name="width"/> (FFT size max(H, kh) x max(W, kw)). Strided convolutions subsample
    /// this operator, so for them the value is an upper bound. A (out, in) matrix is a 1x1 kernel: its matrix norm.
    /// </summary>
    public static double OfConvolution(Tensor kernel, long height, long width)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (kernel.dim() == 2) return OfMatrix(kernel);
        if (kernel.dim() != 4) throw new ArgumentException($"A convolution kernel must be (out, in, kh, kw); got [{string.Join(",", kernel.shape)}].", nameof(kernel));
        if (height < 1 || width < 1) throw new ArgumentException($"Input size {height}x{width} is invalid: accepted positive integers.");
        using var scope = NewDisposeScope();
        long h = Math.Max(height, kernel.shape[2]), w = Math.Max(width, kernel.shape[3]);
        // a real kernel's spectrum is conjugate-symmetric, K(-u,-v) = conj K(u,v) with the same singular values, so the half
        // spectrum of rfft2 holds every distinct frequency matrix (about half the work of fft2)
        var t = fft.rfft2(kernel.detach().to(ScalarType.Float64), s: [h, w]);     // (out, in, H, W/2+1) complex128
        var perPoint = t.permute(2, 3, 0, 1);                                         // (H, W/2+1, out, in)
        // largest singular value = sqrt of the largest eigenvalue of the smaller Gram matrix (Hermitian: eigvalsh, cheaper than an SVD)
        var gram = kernel.shape[0] >= kernel.shape[1]
            ? matmul(perPoint.mH, perPoint)                                            // (.., in, in)
            : matmul(perPoint, perPoint.mH);                                           // (.., out, out)
        return Math.Sqrt(Math.Max(0, linalg.eigvalsh(gram).max().item<double>()));
    }
}
