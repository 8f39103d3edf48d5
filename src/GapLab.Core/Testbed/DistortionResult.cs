using static TorchSharp.torch;

namespace GapLab.Testbed;

/// <summary>
/// Images distorted toward <paramref name="TargetSsim"/>: the distorted batch (owned; dispose it), the mean SSIM actually
/// reached against the originals, the route, its severity (calibrated: t in [0, 1]; autoencoder: optimizer steps at the
/// checkpoint used; 0 for the originals) and whether the target was reached within the tolerance / training budget.
/// </summary>
public sealed record DistortionResult(Tensor Images, double TargetSsim, double AchievedSsim, DistortionRoute Route, double Severity, bool Reached) : IDisposable
{
    public void Dispose() => Images.Dispose();
}
