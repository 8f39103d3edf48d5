using GapLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Quality;

/// <summary>
/// elastic_transform as make_cifar_c.py renders it (S = min(H,W), 32 for CIFAR): (1) random affine: the points (c+q, c+q), (c+q, c-q), (c-q, c-q)
/// with c = S div 2 and q = S div 3, moved by U(-a S, a S) each, define M (cv2.getAffineTransform) and the image is warped to
/// out(p) = in(M^-1 p); (2) displacement fields dx, dy = gaussian(U(-1,1), sigma S, mode 'reflect', truncate 3) * alpha S, and
/// out(y, x) = in(y + dy, x + dx) (scipy map_coordinates, order 1, mode 'reflect'). (alpha, sigma, a) = (0,0,.08), (.05,.2,.07), (.08,.06,.06),
/// (.1,.04,.05), (.1,.03,.03). Both warps are bilinear (<see cref="ImageOps.Warp"/>): the affine one as cv2.warpAffine (coordinates on its
/// 1/32-pixel fixed-point grid, reflect-101 borders), the elastic one as map_coordinates (half-sample reflection); with the reference's draws
/// replayed the output equals make_cifar_c.py's to float precision (Cifar10CReferenceTests).
/// </summary>
internal sealed class ElasticTransformCifar10CCorruption : Corruption
{
    internal static readonly (double Alpha, double Sigma, double Affine)[] Params = { (0, 0, 0.08), (0.05, 0.2, 0.07), (0.08, 0.06, 0.06), (0.1, 0.04, 0.05), (0.1, 0.03, 0.03) };
    public override string Name => "elastic_transform";
    public override CorruptionCategory Category => CorruptionCategory.Digital;
    public override string Summary => "random affine then Gaussian-smoothed elastic warp (make_cifar_c.py constants and steps)";
    public override string Describe(int severity)
    {
        var p = Pick(Params, severity);
        return $"alpha={p.Alpha * 32:0.##}px, sigma={p.Sigma * 32:0.##}px, affine={p.Affine * 32:0.##}px at 32x32 (fractions {p.Alpha}, {p.Sigma}, {p.Affine} of min(H,W))";
    }

    public override Tensor Apply(Tensor x, int severity, Generator g)
    {
        using var scope = NewDisposeScope();
        var (alpha, sigma, affine) = Pick(Params, severity);
        long n = x.shape[0], h = x.shape[2], w = x.shape[3], size = Math.Min(h, w);
        var moves = ImageOps.Uniform((int)n * 6, -affine * size, affine * size, g, x.device);
        var uniform = SeededRandom.Rand(new[] { n, 2, h, w }, x.dtype, x.device, g) * 2 - 1;
        return Render(x, alpha, sigma, moves, uniform).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The two warps with the random draws given: <paramref name="moves"/> = (dx, dy) of the three affine points per image (6 per image,
    /// in pixels), <paramref name="uniform"/> [N, 2, H, W] = the U(-1, 1) fields smoothed into dx (channel 0) and dy (channel 1);
    /// alpha and sigma are fractions of min(H, W). Replays make_cifar_c.py's draws in the reference tests.
    /// </summary>
    internal static Tensor Render(Tensor x, double alpha, double sigma, ReadOnlySpan<double> moves, Tensor uniform)
    {
        using var scope = NewDisposeScope();
        long n = x.shape[0], h = x.shape[2], w = x.shape[3], size = Math.Min(h, w);
        var affineField = new float[n * h * w * 2];
        for (int i = 0; i < n; i++)
        {
            var inverse = InverseAffine(h, w, size, moves.Slice(6 * i, 6));
            for (long yy = 0; yy < h; yy++)
                for (long xx = 0; xx < w; xx++)
                {
                    long o = ((i * h + yy) * w + xx) * 2;
                    affineField[o] = (float)(OpenCvCoordinate(inverse[0], xx, inverse[1] * yy + inverse[2]) - xx);
                    affineField[o + 1] = (float)(OpenCvCoordinate(inverse[3], xx, inverse[4] * yy + inverse[5]) - yy);
                }
        }
        var warped = ImageOps.Warp(x, tensor(affineField, new[] { n, h, w, 2 }, device: x.device), reflect101: true); // cv2.warpAffine, BORDER_REFLECT_101
        var field = ReferenceImageOps.ScipyGaussian(uniform.to(x.dtype), sigma * size, ReferenceImageOps.ScipyBoundary.Reflect, truncate: 3) * (alpha * size);
        return ImageOps.Warp(warped, field.permute(0, 2, 3, 1)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// A source coordinate a x + b as cv2.warpAffine computes it for bilinear sampling: a x and b in fixed point with 10 fractional bits
    /// (each rounded half to even), summed, then shifted to 1/32 pixel (INTER_BITS 5) with rounding; so the sample sits on a 1/32 grid.
    /// </summary>
    internal static double OpenCvCoordinate(double a, long x, double b)
    {
        long fixedPoint = (long)Math.Round(a * x * 1024, MidpointRounding.ToEven) + (long)Math.Round(b * 1024, MidpointRounding.ToEven) + 16;
        return (fixedPoint >> 5) / 32.0;
    }

    /// <summary>
    /// M^-1 as (a, b, c, d, e, f): source x = a x + b y + c, source y = d x + e y + f, the affine map taking the moved points back to the
    /// fixed ones (cv2 point order (x, y)); <paramref name="moves"/> = (dx, dy) of the three points.
    /// </summary>
    internal static double[] InverseAffine(long h, long w, long size, ReadOnlySpan<double> moves)
    {
        double cy = h / 2, cx = w / 2, q = size / 3;
        double[] fx = { cx + q, cx + q, cx - q }, fy = { cy + q, cy - q, cy - q };
        double[] mx = new double[3], my = new double[3];
        // the moved points in float32, as make_cifar_c.py adds the float32 moves to its float32 points
        for (int k = 0; k < 3; k++) { mx[k] = (float)(fx[k] + moves[2 * k]); my[k] = (float)(fy[k] + moves[2 * k + 1]); }
        double det = mx[0] * (my[1] - my[2]) - my[0] * (mx[1] - mx[2]) + (mx[1] * my[2] - mx[2] * my[1]);
        double[] Solve(double[] r)
        {
            double a = (r[0] * (my[1] - my[2]) - my[0] * (r[1] - r[2]) + (r[1] * my[2] - r[2] * my[1])) / det;
            double b = (mx[0] * (r[1] - r[2]) - r[0] * (mx[1] - mx[2]) + (mx[1] * r[2] - mx[2] * r[1])) / det;
            double c = r[0] - a * mx[0] - b * my[0];
            return new[] { a, b, c };
        }
        return Solve(fx).Concat(Solve(fy)).ToArray();
    }
}
