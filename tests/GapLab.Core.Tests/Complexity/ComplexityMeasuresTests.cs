using GapLab.Data;
using GapLab.Metrics.Complexity;
using GapLab.Models;
using GapLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Core.Tests.Complexity;

public class ComplexityMeasuresTests(Xunit.Abstractions.ITestOutputHelper output)
{
    static readonly MeasureOptions Fast = new()
    {
        PerturbationExamples = 60, MonteCarloDraws = 2, SearchDepth = 3, SharpnessDepth = 2, SharpnessRestarts = 1, SharpnessSteps = 1,
        GradientNoiseBatchSize = 20, GradientNoiseBatches = 3, JacobianBatchSize = 8, JacobianBatches = 2, Seed = 5, PgdlSharpnessIterations = 2, PgdlSharpnessSteps = 2,
    };

    /// <summary>A short-trained BN CNN on 120 synthetic 1x8x8 images (class c lights up row band c), its initial parameters and the data.</summary>
    static (BuiltModel Model, Dictionary<string, Tensor> Init, Dataset Train, TrainResult Result) Trained()
    {
        GapLab.Runtime.TorchRuntime.EnsureLoaded();
        var rng = new Random(4);
        var features = new float[120 * 64];
        var labels = new int[120];
        for (int i = 0; i < 120; i++)
        {
            labels[i] = i % 3;
            for (int p = 0; p < 64; p++)
                features[i * 64 + p] = (float)(rng.NextDouble() + (p / 8 / 3 == labels[i] ? 1.0 : 0.0));
        }
        var train = new Dataset("bands-8x8", features, labels, [1, 8, 8], ["top", "middle", "bottom"]);
        torch.manual_seed(2);
        var built = ModelRegistry.Create("cnn:blocks=1,bn=true,width=0.25", InputShape.Of(train));
        var result = Trainer.Train(built.Module, train, train, new TrainOptions { Epochs = 3, BatchSize = 20, LearningRate = 0.05, Seed = 2, Device = "cpu" });
        var init = result.InitialState.ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        return (built, init, train, result);
    }

    [Fact]
    public void EveryMeasureOfAZooModelIsComputedAndTheModelIsRestored()
    {
        var (built, init, train, result) = Trained();
        using var _ = built;
        using var __ = result;
        var before = HandNetworks.Parameters(built.Module);
        var buffers = built.Module.named_buffers().ToDictionary(b => b.name, b => b.buffer.clone());
        var options = Fast with { Training = OptimisationTrace.From(result) };
        var stages = new List<MeasureProgress>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var a = ComplexityMeasures.Compute(built.Module, init, train, options, new Recorder(p => { stages.Add(p); output.WriteLine($"{clock.ElapsedMilliseconds} ms: {p}"); }));
        Assert.Equal(MeasureCatalog.Names, a.Select(v => v.Name));
        foreach (var v in a.Where(v => !v.Name.StartsWith("STEPS_")))
            Assert.False(double.IsNaN(v.Value) || double.IsInfinity(v.Value), $"{v.Name} = {v.Value} ({v.Notes})");
        foreach (var v in a)
        {
            var info = MeasureCatalog.Get(v.Name);
            double expected = info.SizeAdjusted ? SizeAdjustment.Apply(v.Name, v.RawValue, train.Count) : v.RawValue;
            Assert.Equal(expected, v.Value, 12);
        }
        var byName = a.ToDictionary(v => v.Name);
        Assert.Equal(folded(built), byName["PARAMS"].RawValue);
        Assert.Equal(built.ParameterCount, byName["PGDL_VC_DIMENSION"].RawValue);
        Assert.Contains("2 batch norm(s) folded", byName["PARAM_NORM"].Notes);
        Assert.Contains("sigma'=", byName["PACBAYES_ORIG"].Notes);
        Assert.Equal(result.GradientNoiseFinal ?? double.NaN, byName["GRAD_NOISE_FINAL"].RawValue);
        // exact spectral norms of the 3x3 convolutions differ from the reshaped-kernel ones
        Assert.NotEqual(byName["LOG_PROD_OF_SPEC"].RawValue, byName["LOG_PROD_OF_SPEC_FFT"].RawValue, 6);
        Assert.Equal("done", stages[^1].Stage);

        foreach (var (name, p) in built.Module.named_parameters())
            Assert.True(p.equal(before[name]).all().item<bool>(), $"{name} was not restored");
        foreach (var (name, b) in built.Module.named_buffers())
            Assert.True(b.equal(buffers[name]).all().item<bool>(), $"buffer {name} was not restored");
    }

    static double folded(BuiltModel built) =>
        built.Module.named_modules().Where(m => m.module is TorchSharp.Modules.Conv2d or TorchSharp.Modules.Linear)
            .Sum(m => m.module.named_parameters().Single(p => p.name == "weight").parameter.numel());

    sealed class Recorder(Action<MeasureProgress> action) : IProgress<MeasureProgress>
    {
        public void Report(MeasureProgress value) => action(value);
    }
}
