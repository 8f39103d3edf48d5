namespace GapLab.Testbed;

/// <summary>How parameter counts become the model-size coordinate z in [0, 1] of the trade-off search (spec metrics.md 1.7, 1.9).</summary>
public enum SizeScale
{
    /// <summary>z = (p - min) / (max - min), the reference code's choice.</summary>
    Linear,

    /// <summary>z = (ln p - ln min) / (ln max - ln min), as the marginal plots (spec 1.9 suggests it; it changes the result).</summary>
    Log,
}
