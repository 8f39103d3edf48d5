using GapLab.Metrics.Similarity;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Core.Tests.Science;

public class SsimTests
{
    public SsimTests() => GapLab.Runtime.TorchRuntime.EnsureLoaded();

    /// <summary>Plain-loop SSIM of one channel: windowed means/variances at every valid position, mean of the map.</summary>
    internal static double ReferenceSsim(double[,] x, double[,] y, SsimOptions o)
    {
        int w = o.WindowSize, r = (w - 1) / 2, h = x.GetLength(0), wd = x.GetLength(1);
        var g = new double[w, w];
        double total = 0;
        for (int i = 0; i < w; i++)
            for (int j = 0; j < w; j++)
                total += g[i, j] = o.GaussianWeights ? Math.Exp(-((i - r) * (i - r) + (j - r) * (j - r)) / (2 * o.Sigma * o.Sigma)) : 1;
        double norm = o.UseSampleCovariance ? w * w / (w * w - 1.0) : 1, c1 = Math.Pow(o.K1 * o.DataRange, 2), c2 = Math.Pow(o.K2 * o.DataRange, 2);
        double sum = 0;
        int count = 0;
        for (int p = 0; p + w <= h; p++)
            for (int q = 0; q + w <= wd; q++)
            {
                double mx = 0, my = 0, mxx = 0, myy = 0, mxy = 0;
                for (int i = 0; i < w; i++)
                    for (int j = 0; j < w; j++)
                    {
                        double k = g[i, j] / total, a = x[p + i, q + j], b = y[p + i, q + j];
                        mx += k * a; my += k * b; mxx += k * a * a; myy += k * b * b; mxy += k * a * b;
                    }
                double vx = norm * (mxx - mx * mx), vy = norm * (myy - my * my), vxy = norm * (mxy - mx * my);
                sum += (2 * mx * my + c1) * (2 * vxy + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
                count++;
            }
        return sum / count;
    }

    static double[,] Plane(Tensor t, int n, int c)
    {
        var v = t[n, c].to_type(ScalarType.Float64).data<double>().ToArray();
        int h = (int)t.shape[2], w = (int)t.shape[3];
        var m = new double[h, w];
        for (int i = 0; i < h; i++) for (int j = 0; j < w; j++) m[i, j] = v[i * w + j];
        return m;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BatchedSsim_MatchesPlainLoops_PerPairAndChannel(bool gaussian)
    {
        using var scope = NewDisposeScope();
        var gen = new Generator(42);
        var a = rand([3, 2, 13, 12], generator: gen);
        var b = (0.6 * a + 0.4 * rand([3, 2, 13, 12], generator: gen)).clamp(0, 1);
        var o = gaussian ? SsimOptions.Gaussian : SsimOptions.Default;
        var s = Ssim.Pairwise(a, b, o).data<double>().ToArray(); // the CPU kernel
        var t = Ssim.WithTensors(a.to_type(ScalarType.Float64), b.to_type(ScalarType.Float64), o).data<double>().ToArray(); // the device path
        for (int n = 0; n < 3; n++)
        {
            double expected = (ReferenceSsim(Plane(a, n, 0), Plane(b, n, 0), o) + ReferenceSsim(Plane(a, n, 1), Plane(b, n, 1), o)) / 2;
            Assert.Equal(expected, s[n], 6);
            Assert.Equal(s[n], t[n], 12);
        }
        Assert.Equal(s.Average(), Ssim.Mean(a, b, o), 12);
    }

    static Tensor Pattern(Func<int, int, double> f, int h = 16, int w = 18)
    {
        var v = new double[h * w];
        for (int i = 0; i < h; i++) for (int j = 0; j < w; j++) v[i * w + j] = f(i, j);
        return tensor(v, [1, 1, h, w], ScalarType.Float64);
    }

    [Fact]
    public void MatchesScikitImage_0_19_3_ReferenceValues()
    {
        // Generated offline with Debian python3-skimage 0.19.3:
        //   i,j = np.meshgrid(np.arange(16), np.arange(18), indexing='ij')
        //   x = ((i*7+j*3)%11)/10.0; y = 0.7*x + 0.3*((i*5+j*2)%13)/12.0
        //   ssim(x, y, data_range=1.0)                                                          -> 0.8883113185124897
        //   ssim(x, y, data_range=1.0, gaussian_weights=True, sigma=1.5, use_sample_covariance=False) -> 0.8828310219426404
        //   ssim(np.stack([x,y,(x+y)/2]), np.stack([y,x*y,x]), data_range=1.0, channel_axis=0)  -> 0.9037062559363789
        using var scope = NewDisposeScope();
        var x = Pattern((i, j) => (i * 7 + j * 3) % 11 / 10.0);
        var y = Pattern((i, j) => 0.7 * ((i * 7 + j * 3) % 11 / 10.0) + 0.3 * ((i * 5 + j * 2) % 13) / 12.0);
        Assert.Equal(0.8883113185124897, Ssim.Mean(x, y), 10);
        Assert.Equal(0.8828310219426404, Ssim.Mean(x, y, SsimOptions.Gaussian), 10);
        var x3 = cat([x, y, (x + y) / 2], 1);
        var y3 = cat([y, x * y, x], 1);
        Assert.Equal(0.9037062559363789, Ssim.Mean(x3, y3), 10);
    }

    [Fact]
    public void Invariants_IdentityIsOne_SymmetricAndFloat32Accepted()
    {
        using var scope = NewDisposeScope();
        var gen = new Generator(3);
        var a = rand([4, 3, 9, 9], generator: gen);
        var b = rand([4, 3, 9, 9], generator: gen);
        Assert.All(Ssim.Pairwise(a, a).data<double>().ToArray(), v => Assert.Equal(1.0, v, 12));
        var ab = Ssim.Pairwise(a, b).data<double>().ToArray();
        var ba = Ssim.Pairwise(b, a).data<double>().ToArray();
        for (int i = 0; i < 4; i++) Assert.Equal(ab[i], ba[i], 12);
        Assert.All(ab, v => Assert.InRange(v, -1, 0.5));
    }

    [Fact]
    public void PairsAndMatrix_AgreeWithPairwise()
    {
        using var scope = NewDisposeScope();
        var images = rand([4, 1, 8, 8], generator: new Generator(9));
        var (first, second) = Ssim.AllPairs(4);
        Assert.Equal([0L, 0, 0, 1, 1, 2], first);
        Assert.Equal([1L, 2, 3, 2, 3, 3], second);
        var s = Ssim.OverPairs(images, first, second, batchSize: 4);
        var k = Ssim.Matrix(images);
        double direct = Ssim.Mean(images[1].unsqueeze(0), images[3].unsqueeze(0));
        Assert.Equal(direct, s[4], 12);
        Assert.Equal(direct, k[3, 1], 12);
        Assert.Equal(direct, k[1, 3], 12);
        Assert.Equal(1, k[2, 2]);
        Assert.Throws<ArgumentException>(() => Ssim.OverPairs(images, [0L], [4L]));
    }

    [Fact]
    public void BadInput_IsRejected()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() => Ssim.Pairwise(zeros(2, 1, 5, 5), zeros(2, 1, 5, 5)));
        Assert.Contains("accepted at least 7x7", e.Message);
        e = Assert.Throws<ArgumentException>(() => Ssim.Pairwise(zeros(2, 1, 8, 8), ones(2, 1, 8, 8) * 255));
        Assert.Contains("accepted [0, 1]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Ssim.Pairwise(zeros(2, 1, 8, 8), zeros(1, 1, 8, 8)));
        Assert.Contains("differ", e.Message);
        Assert.Throws<ArgumentException>(() => Ssim.Pairwise(zeros(2, 8, 8), zeros(2, 8, 8)));
        Assert.Throws<ArgumentException>(() => Ssim.Pairwise(zeros(1, 1, 8, 8), zeros(1, 1, 8, 8), SsimOptions.Default with { WindowSize = 6 }));
    }
}
