namespace GapLab.Metrics.Complexity;

/// <summary>Input size at which the exact (FFT) spectral norms of convolutions are taken ("layer", "dataset" in options and notes).</summary>
public enum FftInputSize
{
    /// <summary>Each convolution's own input size: the mathematically exact operator norm (default).</summary>
    Layer,
    /// <summary>The dataset's H x W for every convolution, as Dziugaite et al.'s code does (differs by up to ~0.4 %).</summary>
    Dataset,
}
