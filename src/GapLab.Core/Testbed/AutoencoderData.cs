namespace GapLab.Testbed;

/// <summary>
/// What the autoencoder route's autoencoder is trained on: the undistorted <see cref="Train"/> images of the testbed's classes (the
/// default: it never sees the test images it then distorts), or the <see cref="Test"/> images themselves (GapLab's earlier behaviour).
/// Either way the checkpoint for a level is chosen by the mean SSIM of the distorted test images.
/// </summary>
public enum AutoencoderData
{
    Train,
    Test,
}
