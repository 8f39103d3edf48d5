using GapLab.Metrics.Complexity;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Core.Tests.Complexity;

public class SpectralNormTests
{
    public SpectralNormTests() => GapLab.Runtime.TorchRuntime.EnsureLoaded();

    [Fact]
    public void MatrixNormOfADiagonalIsItsLargestEntry()
    {
        using var w = HandNetworks.Matrix(HandNetworks.Diag(3, -5, 2));
        Assert.Equal(5, SpectralNorm.OfMatrix(w), 6);
    }

    [Fact]
    public void ExactNormOfA1x1ConvolutionIsTheMatrixNorm()
    {
        var g = new Generator(11, CPU);
        using var k = randn([3, 2, 1, 1], generator: g);
        Assert.Equal(SpectralNorm.OfMatrix(k), SpectralNorm.OfConvolution(k, 5, 7), 9);
    }

    [Fact]
    public void ExactNormOf3x3ConvolutionOn4x4EqualsTheSvdOfTheExplicitCircularConvolutionMatrix()
    {
        var g = new Generator(5, CPU);
        using var k = randn([3, 2, 3, 3], ScalarType.Float64, generator: g);
        // columns: the response of the circularly padded convolution to each of the 2*4*4 unit inputs
        var columns = new List<Tensor>();
        for (int j = 0; j < 2 * 16; j++)
        {
            var e = zeros(2 * 16, ScalarType.Float64);
            e[j] = 1.0;
            var padded = nn.functional.pad(e.reshape(1, 2, 4, 4), [1, 1, 1, 1], PaddingModes.Circular);
            columns.Add(nn.functional.conv2d(padded, k).reshape(-1));
        }
        using var matrix = stack(columns, 1); // (3*16) x (2*16)
        double explicitNorm = linalg.svdvals(matrix).max().item<double>();
        Assert.Equal(explicitNorm, SpectralNorm.OfConvolution(k, 4, 4), 9);
        // the reshaped-kernel norm is a different number (neither bound)
        Assert.NotEqual(explicitNorm, SpectralNorm.OfMatrix(k), 3);
        foreach (var c in columns) c.Dispose();
    }
}
