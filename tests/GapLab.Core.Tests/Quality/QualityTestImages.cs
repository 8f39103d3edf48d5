using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GapLab.Core.Tests.Quality;

/// <summary>Deterministic natural-looking test images and a uniform-7x7 SSIM (skimage defaults, data range 1) for the corruption tests.</summary>
internal static class QualityTestImages
{
    /// <summary>
    /// Batch [n,c,h,w] in [0,1]: a smooth two-colour gradient sky, a few soft-edged discs and rectangles in other colours,
    /// and a faint fine texture, so the images have structure at several scales like photographs.
    /// </summary>
    public static Tensor Natural(int n, int c, int h, int w, int seed = 11)
    {
        var rng = new Random(seed);
        var data = new float[n * c * h * w];
        for (int i = 0; i < n; i++)
        {
            var top = Colour(rng, c); var bottom = Colour(rng, c);
            var shapes = Enumerable.Range(0, 4).Select(_ => (
                Cy: rng.NextDouble() * h, Cx: rng.NextDouble() * w, R: (0.12 + 0.2 * rng.NextDouble()) * Math.Min(h, w),
                Disc: rng.Next(2) == 0, Col: Colour(rng, c))).ToArray();
            double fy = 0.6 + rng.NextDouble(), fx = 0.6 + rng.NextDouble();
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                {
                    double t = (double)y / (h - 1);
                    var pixel = new double[c];
                    for (int ch = 0; ch < c; ch++) pixel[ch] = (1 - t) * top[ch] + t * bottom[ch];
                    foreach (var s in shapes)
                    {
                        double dy = y - s.Cy, dx = x - s.Cx;
                        double inside = s.Disc ? s.R - Math.Sqrt(dx * dx + dy * dy) : s.R - Math.Max(Math.Abs(dx), Math.Abs(dy) * 1.5);
                        double alpha = Math.Clamp(inside + 0.5, 0, 1);
                        for (int ch = 0; ch < c; ch++) pixel[ch] = (1 - alpha) * pixel[ch] + alpha * s.Col[ch];
                    }
                    double texture = 0.06 * Math.Sin(fy * y * 0.6) * Math.Cos(fx * x * 0.45) + 0.03 * (rng.NextDouble() - 0.5);
                    for (int ch = 0; ch < c; ch++)
                        data[((i * c + ch) * h + y) * w + x] = (float)Math.Clamp(pixel[ch] + texture, 0, 1);
                }
        }
        return tensor(data, new long[] { n, c, h, w });
    }

    static double[] Colour(Random rng, int c) => Enumerable.Range(0, c).Select(_ => 0.1 + 0.8 * rng.NextDouble()).ToArray();

    /// <summary>Mean SSIM over images and channels: 7x7 uniform window, sample covariance (49/48), C1 = 0.01^2, C2 = 0.03^2, valid windows only.</summary>
    public static double MeanSsim(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        var x = a.to(ScalarType.Float64); var y = b.to(ScalarType.Float64);
        long[] k = { 7, 7 };
        Tensor Pool(Tensor t) => F.avg_pool2d(t, k, new long[] { 1, 1 });
        double cov = 49.0 / 48.0;
        var mx = Pool(x); var my = Pool(y);
        var vx = cov * (Pool(x * x) - mx * mx);
        var vy = cov * (Pool(y * y) - my * my);
        var vxy = cov * (Pool(x * y) - mx * my);
        const double c1 = 0.01 * 0.01, c2 = 0.03 * 0.03;
        var s = (2 * mx * my + c1) * (2 * vxy + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
        return s.mean().ToDouble();
    }
}
