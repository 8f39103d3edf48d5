using GapLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Quality;

/// <summary>
/// elastic_transform: warp by a random affine displacement a (t + M q)/2 (q in [-1,1]^2 the normalised position, t and M entries U(-1,1)) plus an elastic field
/// = Gaussian-smoothed (sigma) white noise rescaled to RMS e; (a, e) = (0.5,0.25), (1,0.5), (1.5,0.75), (2,1), (2.5,1.25) px and sigma = 3 px at 32x32,
/// scaled by min(H,W)/32; reflection at the borders. Deviation: CIFAR-10-C's (alpha, sigma, affine) settings shrink the affine part with severity and make
/// the elastic part negligible, so strength is not monotone; GapLab keeps the Hendrycks mechanism with monotone magnitudes. The same seed draws the same field.
/// </summary>
internal sealed class ElasticTransformCorruption : Corruption
{
    static readonly (double Affine, double Elastic)[] Params = { (0.5, 0.25), (1, 0.5), (1.5, 0.75), (2, 1), (2.5, 1.25) };
    const double SmoothingSigma = 3;
    public override string Name => "elastic_transform";
    public override CorruptionCategory Category => CorruptionCategory.Digital;
    public override string Summary => "random affine plus smooth elastic warp";
    public override string Describe(int severity) { var p = Pick(Params, severity); return $"affine={p.Affine}px, elastic_rms={p.Elastic}px, sigma={SmoothingSigma}px at 32x32"; }

    public override Tensor Apply(Tensor x, int severity, Generator g)
    {
        using var scope = NewDisposeScope();
        var (affine, elastic) = Pick(Params, severity);
        long n = x.shape[0], h = x.shape[2], w = x.shape[3];
        double s = ImageOps.SpatialScale(x);
        var coefficients = (SeededRandom.Rand(new[] { n, 2, 3 }, x.dtype, x.device, g) * 2 - 1) * (affine * s / 2);
        var qy = linspace(-1, 1, h, dtype: x.dtype, device: x.device);
        var qx = linspace(-1, 1, w, dtype: x.dtype, device: x.device);
        var mesh = meshgrid(new[] { qy, qx }, indexing: "ij");
        var q = stack(new[] { ones_like(mesh[0]), mesh[1], mesh[0] }, -1).view(1, h * w, 3);
        var affineField = matmul(q.expand(n, h * w, 3), coefficients.transpose(1, 2)).view(n, h, w, 2);
        var noise = SeededRandom.Rand(new[] { n, 2, h, w }, x.dtype, x.device, g) * 2 - 1;
        var smooth = ImageOps.GaussianBlur(noise, SmoothingSigma * s);
        var rms = smooth.pow(2).mean(new long[] { 1, 2, 3 }, keepdim: true).sqrt().clamp_min(1e-12);
        var elasticField = (smooth / rms * (elastic * s)).permute(0, 2, 3, 1);
        return ImageOps.Warp(x, affineField + elasticField).MoveToOuterDisposeScope();
    }
}
