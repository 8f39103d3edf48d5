using GapLab.Data;
using GapLab.Metrics.Complexity;
using GapLab.Models;
using static TorchSharp.torch;

namespace GapLab.Core.Tests.Complexity;

public class FftInputSizeTests
{
    [Fact]
    public void DatasetInputSizeConventionUsesTheDatasetsHeightAndWidthForEveryConv()
    {
        // cnn:blocks=2 on 1x8x8: the second block's convs see 4x4 inputs; with FftInputSize = dataset every conv is taken at 8x8.
        // LOG_PROD_OF_SPEC_FFT = sum_i ln spec_i^2, so the expected value is the sum over the (unfolded, bn=false) layers.
        GapLab.Runtime.TorchRuntime.EnsureLoaded();
        manual_seed(3);
        var rng = new Random(1);
        var train = new Dataset("noise-8x8", Enumerable.Range(0, 20 * 64).Select(_ => (float)rng.NextDouble()).ToArray(), Enumerable.Range(0, 20).Select(i => i % 2).ToArray(), [1, 8, 8], ["a", "b"]);
        using var built = ModelRegistry.Create("cnn:blocks=2,bn=false,width=0.125", InputShape.Of(train));
        double Expected(bool dataset) => built.Module.named_modules().Sum(m => m.module switch
        {
            TorchSharp.Modules.Conv2d c when dataset => 2 * Math.Log(SpectralNorm.OfConvolution(c.weight!.detach().to(ScalarType.Float64), 8, 8)),
            TorchSharp.Modules.Conv2d => double.NaN,
            TorchSharp.Modules.Linear l => 2 * Math.Log(SpectralNorm.OfMatrix(l.weight!.detach().to(ScalarType.Float64))),
            _ => 0.0,
        });
        var options = new MeasureOptions { Measures = "LOG_PROD_OF_SPEC_FFT" };
        var perLayer = ComplexityMeasures.Compute(built.Module, null, train, options).Single();
        var atDataset = ComplexityMeasures.Compute(built.Module, null, train, options with { FftInputSize = FftInputSize.Dataset }).Single();
        Assert.Equal(Expected(dataset: true), atDataset.RawValue, 9);
        Assert.Contains("at the dataset's input size 8x8 for every conv", atDataset.Notes);
        // the second block's 4x4 inputs give smaller (or equal) circular-convolution norms than 8x8 ones: per-layer <= dataset convention
        Assert.True(perLayer.RawValue <= atDataset.RawValue + 1e-12, $"{perLayer.RawValue} > {atDataset.RawValue}");
        Assert.NotEqual(perLayer.RawValue, atDataset.RawValue);
    }
}
