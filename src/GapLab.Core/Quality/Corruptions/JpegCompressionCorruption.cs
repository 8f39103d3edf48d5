using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GapLab.Quality;

/// <summary>
/// jpeg_compression: baseline JPEG round trip on tensors: 8-bit levels, JFIF YCbCr, 4:2:0 chroma (2x2 mean, bilinear back), 8x8 orthonormal DCT-II,
/// quantisation with the Annex K tables scaled by the IJG quality rule, inverse DCT, 8-bit output; quality = 80, 65, 58, 50, 40 (CIFAR-10-C).
/// Grey images use the luma path only. No entropy coding (lossless, so it does not change pixels).
/// </summary>
internal sealed class JpegCompressionCorruption : Corruption
{
    static readonly int[] Quality = { 80, 65, 58, 50, 40 };
    public override string Name => "jpeg_compression";
    public override CorruptionCategory Category => CorruptionCategory.Digital;
    public override string Summary => "JPEG compression artefacts (8x8 DCT quantisation)";
    public override string Describe(int severity) => $"quality={Pick(Quality, severity)}";

    public override Tensor Apply(Tensor x, int severity, Generator g) => Compress(x, Pick(Quality, severity));

    /// <summary>JPEG Annex K.1 luminance quantisation table (quality 50).</summary>
    internal static readonly int[] LumaTable =
    {
        16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
        18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
    };

    /// <summary>JPEG Annex K.2 chrominance quantisation table (quality 50).</summary>
    internal static readonly int[] ChromaTable =
    {
        17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    };

    /// <summary>IJG scaling: s = 5000/q (q &lt; 50) or 200 - 2q; Q = clamp(floor((T s + 50) / 100), 1, 255).</summary>
    internal static float[] ScaledTable(int[] table, int quality)
    {
        if (quality < 1 || quality > 100) throw new ArgumentException($"JPEG quality {quality} must be in [1,100].", nameof(quality));
        int scale = quality < 50 ? 5000 / quality : 200 - 2 * quality;
        return table.Select(t => (float)Math.Clamp((t * scale + 50) / 100, 1, 255)).ToArray();
    }

    /// <summary>Orthonormal 8-point DCT-II matrix D[u,x] = a(u) cos((2x+1) u pi / 16).</summary>
    internal static Tensor DctMatrix(Device device)
    {
        var d = new float[64];
        for (int u = 0; u < 8; u++)
            for (int x = 0; x < 8; x++)
                d[u * 8 + x] = (float)((u == 0 ? Math.Sqrt(1.0 / 8) : Math.Sqrt(2.0 / 8)) * Math.Cos((2 * x + 1) * u * Math.PI / 16));
        return tensor(d, new long[] { 8, 8 }, device: device);
    }

    internal static Tensor Compress(Tensor x, int quality)
    {
        using var scope = NewDisposeScope();
        var levels = (x.to(ScalarType.Float32) * 255).round().clamp(0, 255);
        Tensor result;
        if (levels.shape[1] == 1)
            result = QuantisePlane(levels, ScaledTable(LumaTable, quality));
        else
        {
            var (r, g, b) = (levels.narrow(1, 0, 1), levels.narrow(1, 1, 1), levels.narrow(1, 2, 1));
            var y = 0.299 * r + 0.587 * g + 0.114 * b;
            var cb = -0.168736 * r - 0.331264 * g + 0.5 * b + 128;
            var cr = 0.5 * r - 0.418688 * g - 0.081312 * b + 128;
            var chroma = ScaledTable(ChromaTable, quality);
            var y2 = QuantisePlane(y, ScaledTable(LumaTable, quality));
            var cb2 = Upsample(QuantisePlane(Subsample(cb), chroma), x.shape[2], x.shape[3]) - 128;
            var cr2 = Upsample(QuantisePlane(Subsample(cr), chroma), x.shape[2], x.shape[3]) - 128;
            result = cat(new[] { y2 + 1.402 * cr2, y2 - 0.344136 * cb2 - 0.714136 * cr2, y2 + 1.772 * cb2 }, 1);
        }
        return (result.round().clamp(0, 255) / 255).to(x.dtype).MoveToOuterDisposeScope();
    }

    static Tensor Subsample(Tensor plane)
    {
        long h = plane.shape[2], w = plane.shape[3];
        var even = F.pad(plane, new[] { 0L, w % 2, 0L, h % 2 }, PaddingModes.Replicate);
        return F.avg_pool2d(even, new long[] { 2, 2 });
    }

    static Tensor Upsample(Tensor plane, long h, long w)
    {
        var up = F.interpolate(plane, new[] { plane.shape[2] * 2, plane.shape[3] * 2 }, mode: InterpolationMode.Bilinear, align_corners: false);
        return up.narrow(2, 0, h).narrow(3, 0, w);
    }

    /// <summary>DCT-quantise-IDCT of one plane [N,1,H,W] of 0..255 values; edges padded by replication to whole 8x8 blocks.</summary>
    static Tensor QuantisePlane(Tensor plane, float[] table)
    {
        long n = plane.shape[0], h = plane.shape[2], w = plane.shape[3];
        long ph = (8 - h % 8) % 8, pw = (8 - w % 8) % 8;
        var padded = F.pad(plane, new[] { 0L, pw, 0L, ph }, PaddingModes.Replicate) - 128;
        long bh = (h + ph) / 8, bw = (w + pw) / 8;
        var blocks = padded.view(n, bh, 8, bw, 8).permute(0, 1, 3, 2, 4);
        var d = DctMatrix(plane.device);
        var q = tensor(table, new long[] { 8, 8 }, device: plane.device);
        var coefficients = matmul(matmul(d, blocks), d.t());
        var quantised = (coefficients / q).round() * q;
        var restored = matmul(matmul(d.t(), quantised), d) + 128;
        return restored.permute(0, 1, 3, 2, 4).reshape(n, 1, bh * 8, bw * 8).narrow(2, 0, h).narrow(3, 0, w);
    }
}
