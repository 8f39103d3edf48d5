namespace GapLab.Data;

/// <summary>
/// Per-channel mean and population standard deviation of a dataset (see <see cref="Normalization.Compute"/>).
/// The channel is the first sample dimension: C for images [C,H,W], each feature for vectors [D].
/// </summary>
public sealed record ChannelStats(double[] Mean, double[] Std)
{
    public int Channels => Mean.Length;
}
