namespace GapLab.Testbed;

/// <summary>
/// Which SSIM value places a level on the trade-off search's x axis: the <see cref="Target"/> the level was distorted to (the default,
/// what the committed runs used) or the <see cref="Achieved"/> mean SSIM of the level's cells (each cell's own images averaged, then the
/// cells of the level averaged), so the SSIM lower bound is stated in the SSIM the test images really have.
/// </summary>
public enum SsimCoordinate
{
    Target,
    Achieved,
}
