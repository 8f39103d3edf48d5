using GapLab.Data;
using GapLab.Metrics.Similarity;
using GapLab.Testbed;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Core.Tests.Testbed;

public class DistortionTests
{
    public DistortionTests() => GapLab.Runtime.TorchRuntime.EnsureLoaded();

    /// <summary>A fixed batch: the first 48 embedded Fashion-MNIST test images.</summary>
    static Tensor Batch(int n = 48)
    {
        var test = EmbeddedFashionMnist.Load().Test;
        return test.Subset(Enumerable.Range(0, n).ToArray()).ToTensors().X;
    }

    [Theory]
    [InlineData(0.6)]
    [InlineData(0.75)]
    [InlineData(0.9)]
    [InlineData(0.97)]
    public void CalibratedBisectionHitsTheTargetMeanSsimWithin0005(double target)
    {
        using var x = Batch();
        using var r = SsimTargetDistorter.Distort(x, target, DistortionRoute.Calibrated, seed: 3);
        double recomputed = Ssim.Mean(r.Images, x);
        Assert.InRange(recomputed, target - 0.005, target + 0.005);
        Assert.Equal(recomputed, r.AchievedSsim, 10);
        Assert.True(r.Reached);
        Assert.InRange(r.Severity, 1e-6, 1.0);
        Assert.Equal(x.shape, r.Images.shape);
        Assert.True(r.Images.min().ToSingle() >= 0 && r.Images.max().ToSingle() <= 1);
    }

    [Fact]
    public void LowerTargetsNeedMoreSeverityAndTheRouteIsDeterministic()
    {
        using var x = Batch();
        var results = SsimTargetDistorter.Distort(x, [0.95, 0.8, 0.65], DistortionRoute.Calibrated, seed: 5);
        Assert.True(results[0].Severity < results[1].Severity && results[1].Severity < results[2].Severity);
        using var again = SsimTargetDistorter.Distort(x, 0.8, DistortionRoute.Calibrated, seed: 5);
        Assert.Equal(results[1].Severity, again.Severity);
        Assert.True(again.Images.equal(results[1].Images).all().ToBoolean());
        using var otherSeed = SsimTargetDistorter.Distort(x, 0.8, DistortionRoute.Calibrated, seed: 6);
        Assert.False(otherSeed.Images.equal(results[1].Images).all().ToBoolean());
        foreach (var r in results) r.Dispose();
    }

    [Fact]
    public void TargetOneReturnsTheOriginals()
    {
        using var x = Batch(8);
        foreach (var route in new[] { DistortionRoute.Calibrated, DistortionRoute.Autoencoder })
        {
            using var r = SsimTargetDistorter.Distort(x, 1.0, route, seed: 0);
            Assert.True(r.Images.equal(x).all().ToBoolean());
            Assert.Equal(1.0, r.AchievedSsim);
            Assert.Equal(0, r.Severity);
        }
    }

    [Fact]
    public void UnreachableAndInvalidTargetsAreRejected()
    {
        using var x = Batch(8);
        var e = Assert.Throws<ArgumentException>(() => SsimTargetDistorter.Distort(x, 0.01, DistortionRoute.Calibrated, 0));
        Assert.Contains("below what the calibrated corruption reaches", e.Message);
        Assert.Throws<ArgumentException>(() => SsimTargetDistorter.Distort(x, 1.2, DistortionRoute.Calibrated, 0));
        Assert.Throws<ArgumentException>(() => SsimTargetDistorter.Distort(x, 0.0, DistortionRoute.Calibrated, 0));
        Assert.Throws<ArgumentException>(() => SsimTargetDistorter.Distort(x, 0.8, DistortionRoute.Calibrated, 0, new DistortionOptions { Tolerance = 0 }));
    }

    [Fact]
    public void CorruptionIsIdentityAtZeroAndBlurPreservesConstants()
    {
        using var x = Batch(4);
        using var blurred = CalibratedCorruption.Blur(x, 1.5);
        using var noise = randn(x.shape);
        using var same = CalibratedCorruption.Apply(x, blurred, noise, 0, 0.3);
        Assert.True(same.allclose(x));
        using var flat = full(new long[] { 2, 3, 10, 10 }, 0.4f);
        using var flatBlur = CalibratedCorruption.Blur(flat, 2.0);
        Assert.True(flatBlur.allclose(flat, 1e-6, 1e-6)); // normalised kernel, reflect padding
    }

    [Fact]
    public void AutoencoderRouteKeepsTheFirstCheckpointAtOrAboveEachTarget()
    {
        using var x = Batch(32);
        var o = new DistortionOptions { AutoencoderEpochs = 5, AutoencoderBatchSize = 8, CheckEverySteps = 2, AutoencoderLearningRate = 3e-3 };
        var results = SsimTargetDistorter.Distort(x, [0.1, 0.04, 0.999], DistortionRoute.Autoencoder, seed: 1, o);
        // the untrained sigmoid output (about 0.5 everywhere) has mean SSIM about 0.05, so 0.04 is reached at step 0, 0.1 after
        // some steps; 0.999 not within the 20-step budget (32 images / 8 per batch x 5 epochs)
        Assert.True(results[1].Reached);
        Assert.Equal(0, results[1].Severity);
        Assert.True(results[0].Reached);
        Assert.True(results[0].Severity > 0 && results[0].Severity % 2 == 0);
        Assert.True(results[0].AchievedSsim >= 0.1 - o.Tolerance);
        Assert.False(results[2].Reached);
        Assert.Equal(20, results[2].Severity);
        foreach (var r in results)
        {
            Assert.Equal(Ssim.Mean(r.Images, x), r.AchievedSsim, 10);
            Assert.Equal(DistortionRoute.Autoencoder, r.Route);
            r.Dispose();
        }
    }

    [Fact]
    public void AutoencoderTrainsOnTheFitImagesWhenGivenAndIsJudgedOnTheImagesItDistorts()
    {
        using var x = Batch(32);
        var o = new DistortionOptions { AutoencoderEpochs = 2, AutoencoderBatchSize = 8, CheckEverySteps = 2, AutoencoderLearningRate = 3e-3 };
        // the images themselves as fit images: the same run as without them (same seed, same batches)
        var own = SsimTargetDistorter.Distort(x, [0.999], DistortionRoute.Autoencoder, seed: 1, o);
        var same = SsimTargetDistorter.Distort(x, [0.999], DistortionRoute.Autoencoder, seed: 1, o, fitImages: x);
        Assert.True(own[0].Images.allclose(same[0].Images, 0, 0));
        // other images (16 of them: 2 batches per epoch, 4 steps) train another autoencoder, still measured on x
        using var other = Batch(16) * 0.5;
        var fitted = SsimTargetDistorter.Distort(x, [0.999], DistortionRoute.Autoencoder, seed: 1, o, fitImages: other);
        Assert.Equal(4, fitted[0].Severity);
        Assert.Equal(8, own[0].Severity);
        Assert.Equal(Ssim.Mean(fitted[0].Images, x), fitted[0].AchievedSsim, 10);
        Assert.False(fitted[0].Images.allclose(own[0].Images));
        var e = Assert.Throws<ArgumentException>(() => SsimTargetDistorter.Distort(x, [0.5], DistortionRoute.Autoencoder, 1, o, fitImages: rand(4, 1, 8, 8)));
        Assert.StartsWith("fit images have shape [4, 1, 8, 8]: accepted a non-empty batch of the images' [C, H, W]", e.Message);
        foreach (var r in own.Concat(same).Concat(fitted)) r.Dispose();
    }

    [Fact]
    public void AutoencoderHalvesOnlyWhatDividesExactly()
    {
        Assert.Equal(3, SsimAutoencoder.Stages(32, 32));
        Assert.Equal(2, SsimAutoencoder.Stages(28, 28));
        Assert.Equal(0, SsimAutoencoder.Stages(27, 28));
        using var ae = new SsimAutoencoder(3, 32, 32);
        using var y = ae.forward(rand(2, 3, 32, 32));
        Assert.Equal(new long[] { 2, 3, 32, 32 }, y.shape);
    }
}
