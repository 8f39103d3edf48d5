using GapLab.Quality;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Core.Tests.Quality;

public class JpegAndPopulationTests
{
    public JpegAndPopulationTests() => GapLab.Runtime.TorchRuntime.EnsureLoaded();

    [Fact]
    public void Jpeg_quantisation_tables_follow_the_ijg_quality_rule()
    {
        // q = 50 -> scale 100 -> the Annex K table itself; q = 80 -> scale 40: (16*40 + 50)/100 = 6; q = 40 -> scale 125: (16*125 + 50)/100 = 20
        Assert.Equal(JpegCompressionCorruption.LumaTable.Select(v => (float)v), JpegCompressionCorruption.ScaledTable(JpegCompressionCorruption.LumaTable, 50));
        Assert.Equal(6f, JpegCompressionCorruption.ScaledTable(JpegCompressionCorruption.LumaTable, 80)[0]);
        Assert.Equal(20f, JpegCompressionCorruption.ScaledTable(JpegCompressionCorruption.LumaTable, 40)[0]);
        // chroma 99 at q = 80: (99*40 + 50)/100 = 40
        Assert.Equal(40f, JpegCompressionCorruption.ScaledTable(JpegCompressionCorruption.ChromaTable, 80)[63]);
    }

    [Fact]
    public void Dct_matrix_is_orthonormal_and_a_flat_grey_image_survives_quality_80()
    {
        using var scope = NewDisposeScope();
        var d = JpegCompressionCorruption.DctMatrix(CPU);
        Assert.True((matmul(d, d.t()) - eye(8)).abs().max().ToDouble() < 1e-6);
        // level 100: DC = 8 (100 - 128) = -224, Q = 6 -> round(-37.33) * 6 = -222 -> 128 - 27.75 = 100.25 -> 100 (error <= Q/16 < .5 level)
        var flat = full(new long[] { 1, 1, 16, 16 }, 100f / 255);
        var out80 = JpegCompressionCorruption.Compress(flat, 80);
        Assert.True((out80 - flat).abs().max().ToDouble() < 1e-6);
        // a sharp edge is not preserved at quality 40
        var edge = cat(new[] { zeros(1, 1, 8, 4), ones(1, 1, 8, 4) }, 3);
        Assert.True((JpegCompressionCorruption.Compress(edge, 40) - edge).abs().max().ToDouble() > 0.02);
    }

    [Fact]
    public void Population_normalisation_marks_dimensions_no_model_measured()
    {
        var models = new IReadOnlyDictionary<QualityDimension, double>[]
        {
            new Dictionary<QualityDimension, double> { [QualityDimension.Accuracy] = 0.8, [QualityDimension.ClassBalance] = 0.7 },
            new Dictionary<QualityDimension, double> { [QualityDimension.Accuracy] = 0.6, [QualityDimension.ClassBalance] = 0.9 },
        };
        var norm = QubaNormalization.FromPopulation(models, "pair");
        Assert.Contains("unmeasured (weight 0 required)", norm.Source);
        Assert.Contains("Shape Bias", norm.Source);
        // mean .7, std (ddof 0) .1 for both; weights [1 on accuracy, 1 on balance]: z = (+1, -1) -> QUBA 0 for the first model
        var weights = QubaWeights.FromDictionary(new Dictionary<QualityDimension, double> { [QualityDimension.Accuracy] = 1, [QualityDimension.ClassBalance] = 1 });
        Assert.Equal(0.0, QubaScore.Compute(models[0], weights, norm).Score, 12);
        // default weights give the unmeasured Adversarial Robustness weight 1/3: rejected with the dimension named
        Assert.Contains("Adversarial Robustness", Assert.Throws<ArgumentException>(() => QubaScore.Compute(models[0], QubaWeights.Default, norm)).Message);
    }
}
