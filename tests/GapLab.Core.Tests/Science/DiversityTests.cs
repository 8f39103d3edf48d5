using GapLab.Metrics.Similarity;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Core.Tests.Science;

public class DiversityTests
{
    public DiversityTests() => GapLab.Runtime.TorchRuntime.EnsureLoaded();

    static double Vendi(params double[] eigenvalues) => Math.Exp(-eigenvalues.Where(l => l > 0).Sum(l => l * Math.Log(l)));

    [Fact]
    public void Jacobi_MatchesHandCaseAndTorchEigvalsh()
    {
        Assert.Equal([1.0, 3.0], SymmetricEigenvalues.Jacobi(new double[,] { { 2, 1 }, { 1, 2 } }).Select(v => Math.Round(v, 12)));
        var rng = new Random(4);
        int n = 7;
        var m = new double[n, n];
        for (int i = 0; i < n; i++) for (int j = i; j < n; j++) m[i, j] = m[j, i] = rng.NextDouble() * 2 - 1;
        var jacobi = SymmetricEigenvalues.Jacobi(m);
        using var scope = NewDisposeScope();
        var flat = new double[n * n];
        Buffer.BlockCopy(m, 0, flat, 0, flat.Length * sizeof(double));
        var reference = linalg.eigvalsh(tensor(flat, [n, n], ScalarType.Float64)).data<double>().ToArray();
        for (int i = 0; i < n; i++) Assert.Equal(reference[i], jacobi[i], 10);
        Assert.Throws<ArgumentException>(() => SymmetricEigenvalues.Jacobi(new double[,] { { 1, 2 }, { 0, 1 } }));
    }

    [Fact]
    public void Vendi_IdenticalIsOne_OrthogonalIsN_HandTwoByTwo()
    {
        var ones = new double[4, 4];
        for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) ones[i, j] = 1;
        Assert.Equal(1, VendiScore.FromSimilarity(ones), 9);
        var identity = new double[5, 5];
        for (int i = 0; i < 5; i++) identity[i, i] = 1;
        Assert.Equal(5, VendiScore.FromSimilarity(identity), 9);
        // K = [[1, s], [s, 1]]: eigenvalues of K/2 are (1 ± s)/2
        double s = 0.4;
        Assert.Equal(Vendi(0.7, 0.3), VendiScore.FromSimilarity(new double[,] { { 1, s }, { s, 1 } }), 12);
        var e = Assert.Throws<ArgumentException>(() => VendiScore.FromSimilarity(new double[,] { { 2, 0 }, { 0, 1 } }));
        Assert.Contains("kernel[0,0] = 2", e.Message);
    }

    [Fact]
    public void Vendi_LargeKernelPath_AgreesWithJacobi()
    {
        // n = 80 > JacobiMaxSize goes through torch.linalg.eigvalsh; the reference uses the Jacobi solver directly
        int n = 80;
        var rng = new Random(12);
        var f = new double[n, 5];
        for (int i = 0; i < n; i++) for (int k = 0; k < 5; k++) f[i, k] = rng.NextDouble();
        var kernel = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double d2 = 0;
                for (int k = 0; k < 5; k++) d2 += (f[i, k] - f[j, k]) * (f[i, k] - f[j, k]);
                kernel[i, j] = Math.Exp(-d2); // Gaussian kernel: PSD with unit diagonal
            }
        var scaled = new double[n, n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) scaled[i, j] = kernel[i, j] / n;
        Assert.Equal(Vendi(SymmetricEigenvalues.Jacobi(scaled)), VendiScore.FromSimilarity(kernel), 8);
        kernel[0, 1] += 0.1;
        Assert.Throws<ArgumentException>(() => VendiScore.FromSimilarity(kernel));
    }

    [Fact]
    public void Vendi_CosineFeatures_BothGramPathsAgreeWithExplicitKernel()
    {
        // orthogonal rows -> n; parallel rows (any scale) -> 1
        Assert.Equal(3, VendiScore.FromFeatures(new double[,] { { 2, 0, 0, 0 }, { 0, 5, 0, 0 }, { 0, 0, 0, 1 } }), 9);
        Assert.Equal(1, VendiScore.FromFeatures(new double[,] { { 1, 2 }, { 2, 4 }, { -0.5, -1 } }), 9);
        var rng = new Random(2);
        foreach (var (n, d) in new[] { (6, 3), (3, 6) })
        {
            var f = new double[n, d];
            for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) f[i, k] = rng.NextDouble() - 0.3;
            var kernel = new double[n, n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                {
                    double dot = 0, ni = 0, nj = 0;
                    for (int k = 0; k < d; k++) { dot += f[i, k] * f[j, k]; ni += f[i, k] * f[i, k]; nj += f[j, k] * f[j, k]; }
                    kernel[i, j] = dot / Math.Sqrt(ni * nj);
                }
            for (int i = 0; i < n; i++) kernel[i, i] = 1;
            Assert.Equal(VendiScore.FromSimilarity(kernel), VendiScore.FromFeatures(f), 9);
        }
        using var scope = NewDisposeScope();
        Assert.Equal(2, VendiScore.FromFeatures(tensor(new float[] { 1, 0, 0, 3 }, [2, 2])), 6);
        Assert.Throws<ArgumentException>(() => VendiScore.FromFeatures(new double[,] { { 0, 0 }, { 1, 1 } }));
    }

    [Fact]
    public void Vendi_SsimKernel_IdenticalImagesGiveOne()
    {
        using var scope = NewDisposeScope();
        var one = rand([1, 1, 8, 8], generator: new Generator(1));
        Assert.Equal(1, VendiScore.FromSsim(one.expand(4, 1, 8, 8).contiguous()), 9);
        var different = rand([4, 1, 8, 8], generator: new Generator(2));
        double vs = VendiScore.FromSsim(different);
        Assert.InRange(vs, 2.5, 4.0); // nearly unrelated noise images: SSIM near 0 -> close to n
    }

    [Fact]
    public void MeanPairwiseDissimilarity_ExhaustiveMatchesMatrix_SampledIsSeededAndCovers()
    {
        using var scope = NewDisposeScope();
        var images = rand([8, 1, 8, 8], generator: new Generator(6));
        images[0] = images[1].clone();
        var k = Ssim.Matrix(images);
        double expected = 0;
        for (int i = 0; i < 8; i++) for (int j = i + 1; j < 8; j++) expected += 1 - k[i, j];
        expected /= 28;
        var all = MeanPairwiseDissimilarity.Compute(images);
        Assert.True(all.Exhaustive);
        Assert.Equal(28, all.PairsUsed);
        Assert.Null(all.Interval);
        Assert.Equal(expected, all.Mean, 12);

        // 8 images have 28 pairs; 20 sampled pairs (with replacement) estimate the exact mean within about 2 CI half-widths
        var sampled = MeanPairwiseDissimilarity.Compute(images, maxPairs: 20, resamples: 500, seed: 3);
        Assert.False(sampled.Exhaustive);
        Assert.Equal(20, sampled.PairsUsed);
        Assert.Equal(28, sampled.TotalPairs);
        Assert.Equal(sampled, MeanPairwiseDissimilarity.Compute(images, maxPairs: 20, resamples: 500, seed: 3));
        double half = (sampled.Interval!.High - sampled.Interval.Low) / 2;
        Assert.True(sampled.Interval.Low < sampled.Mean && sampled.Mean < sampled.Interval.High, $"{sampled.Interval}");
        Assert.True(Math.Abs(sampled.Mean - expected) < 2 * half, $"{sampled.Interval} vs exact {expected}");
        Assert.Throws<ArgumentException>(() => MeanPairwiseDissimilarity.Compute(images[..1]));
    }
}
