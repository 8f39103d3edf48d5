using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GapLab.Quality;

/// <summary>Total parameter count and the QUBA value (millions, rounded to 0.1).</summary>
public sealed record ParameterCountResult(long Count, double Millions);

/// <summary>
/// Parameters = total number of parameter entries (trainable or not, buffers excluded), reported in millions rounded to 0.1.
/// Source: Hesse et al. 2025, spec 5.1(9) and 5.2 pitfall (c); rounding via <see cref="QubaScore.ParametersInMillions"/>.
/// </summary>
public static class ParameterCount
{
    public static ParameterCountResult Compute(Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        long count = model.parameters().Sum(p => p.numel());
        return new ParameterCountResult(count, QubaScore.ParametersInMillions(count));
    }
}
