namespace GapLab.Testbed;

/// <summary>How test images are distorted to a target mean SSIM (the SSIM axis of Huang et al.'s testbed, spec metrics.md 1.3).</summary>
public enum DistortionRoute
{
    /// <summary>Fast and deterministic: <see cref="CalibratedCorruption"/> (blend toward a Gaussian blur plus seeded noise) at the severity found by bisection.</summary>
    Calibrated,

    /// <summary>The paper's route: a small convolutional autoencoder, trained (seeded) until the mean SSIM of its reconstructions reaches the target.</summary>
    Autoencoder,
}
