namespace GapLab.Metrics.Complexity.Measures;

/// <summary>
/// The *_FFT variants of <see cref="SpectralMeasures"/> on exact convolution operator norms (circular stride-1 convolution, per
/// FFT frequency; Sedghi et al. 2019), at each conv's input size or the dataset's (MeasureOptions.FftInputSize). Spec metrics.md 2.4.
/// </summary>
public sealed class ExactSpectralMeasures() : SpectralMeasures(exact: true)
{
    /// <inheritdoc/>
    protected override string Note(MeasureContext context) => context.FftSize is not { } size
        ? "exact norm of the circular stride-1 convolution on each conv's input size (upper bound for strided convs)"
        : MeasureContext.Inv($"norm of the circular stride-1 convolution at the dataset's input size {size[0]}x{size[1]} for every conv (FftInputSize = dataset, Dziugaite et al.'s convention)");
}
