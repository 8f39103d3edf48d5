using GapLab.Data;
using GapLab.Metrics.Complexity;
using GapLab.Metrics.Similarity;
using GapLab.Models;
using GapLab.Quality;
using GapLab.Runtime;
using GapLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Core.Tests.Cuda;

/// <summary>
/// The CUDA code paths: each runs the same job on cuda and on cpu and compares. They are skipped (with the reason) where no CUDA
/// libtorch is present; run them on a GPU machine with `dotnet test --filter FullyQualifiedName~Cuda` (see docs/benchmarks.md).
/// </summary>
public class CudaPathTests
{
    static readonly Lazy<DatasetSplit> Data = new(() =>
    {
        var split = DatasetCatalog.Load("fashion-mnist-embedded");
        return new DatasetSplit(Subsample.Stratified(split.Train, 1000, 0), Subsample.Stratified(split.Test, 500, 0));
    });

    public CudaPathTests() => TorchRuntime.EnsureLoaded();

    static (TrainResult Result, BuiltModel Model) Train(string spec, string device, int epochs)
    {
        var data = Data.Value;
        TorchEnvironment.Seed(7);
        var model = ModelRegistry.Create(spec, InputShape.Of(data.Train));
        var result = Trainer.Train(model.Module, data.Train, data.Test,
            new TrainOptions { Device = device, Epochs = epochs, BatchSize = 64, LearningRate = 0.05, Seed = 7 });
        return (result, model);
    }

    [CudaFact]
    public void The_driver_reports_the_free_memory_a_suite_is_checked_against()
    {
        var free = GapLab.Runtime.GpuMemory.FreeBytes(0);
        Assert.NotNull(free);
        Assert.InRange(free!.Value, 1L << 20, 1L << 42); // between 1 MiB and 4 TiB
    }

    [CudaFact]
    public void Training_on_cuda_keeps_the_model_there_and_matches_cpu_accuracy()
    {
        var (gpu, gpuModel) = Train("mlp:depth=1,width=64", "cuda", 2);
        var (cpu, cpuModel) = Train("mlp:depth=1,width=64", "cpu", 2);
        using (gpu) using (gpuModel) using (cpu) using (cpuModel)
        {
            Assert.Equal(TrainStatus.Completed, gpu.Status);
            Assert.All(gpuModel.Module.parameters(), p => Assert.Equal(DeviceType.CUDA, p.device_type));
            // same seed, same data order (CPU generators): float rounding differs between cuBLAS and the CPU kernels, so only the metrics agree
            Assert.InRange(Math.Abs(gpu.Final!.TestAccuracy - cpu.Final!.TestAccuracy), 0, 0.03);
            Assert.InRange(Math.Abs(gpu.Final.TrainLoss - cpu.Final.TrainLoss), 0, 0.05);
            Assert.True(gpu.Final.TestAccuracy > 0.5, $"test accuracy {gpu.Final.TestAccuracy} after 2 epochs on cuda");
        }
    }

    [CudaFact]
    public void Complexity_measures_on_cuda_equal_cpu()
    {
        var (gpu, gpuModel) = Train("cnn:width=0.25", "cuda", 1);
        using (gpu) using (gpuModel)
        {
            var options = new MeasureOptions { Measures = "PARAMS,L2,L2_DIST,FRO_DIST,LOG_PROD_OF_SPEC,LOG_PROD_OF_SPEC_FFT,PATH_NORM,INVERSE_MARGIN,PACBAYES_ORIG", MonteCarloDraws = 2, SearchDepth = 4, PerturbationExamples = 200, Seed = 3 };
            var onGpu = ComplexityMeasures.Compute(gpuModel.Module, gpu.InitialState, Data.Value.Train, options);
            gpuModel.Module.to(CPU);
            var init = gpu.InitialState.ToDictionary(kv => kv.Key, kv => kv.Value.cpu());
            var onCpu = ComplexityMeasures.Compute(gpuModel.Module, init, Data.Value.Train, options);
            foreach (var (g, c) in onGpu.Zip(onCpu))
            {
                Assert.Equal(c.Name, g.Name);
                if (g.Name.StartsWith("PACBAYES", StringComparison.Ordinal)) continue; // Monte-Carlo draws come from per-device generators
                Assert.True(Math.Abs(g.Value - c.Value) <= 1e-3 * Math.Max(1, Math.Abs(c.Value)), $"{g.Name}: cuda {g.Value} vs cpu {c.Value}");
            }
            Assert.True(double.IsFinite(onGpu.Single(v => v.Name == "PACBAYES_ORIG").Value));
        }
    }

    [CudaFact]
    public void Quality_evaluation_on_cuda_equals_cpu_on_the_deterministic_dimensions()
    {
        var (gpu, gpuModel) = Train("mlp:depth=1,width=64", "cuda", 1);
        using (gpu) using (gpuModel)
        {
            var (x, y) = Subsample.Stratified(Data.Value.Test, 100, 1).ToTensors();
            using (x) using (y)
            {
                var options = new QualityOptions { Corruptions = CorruptionCatalog.Names, Severities = [2] }; // every corruption runs on cuda
                var onGpu = QualityEvaluator.Evaluate("m", gpuModel.Module, x.cuda(), y.cuda(), options);
                gpuModel.Module.to(CPU);
                var onCpu = QualityEvaluator.Evaluate("m", gpuModel.Module, x, y, options);
                foreach (var d in new[] { QualityDimension.Accuracy, QualityDimension.CalibrationError, QualityDimension.ClassBalance, QualityDimension.Parameters })
                    Assert.Equal(onCpu.MeasuredValues[d], onGpu.MeasuredValues[d], 3);
                Assert.InRange(onGpu.MeasuredValues[QualityDimension.AdversarialRobustness], 0, 1.0001);
                // the corruptions' random draws are the same on both devices (SeededRandom), so only float rounding separates them
                Assert.InRange(Math.Abs(onGpu.MeasuredValues[QualityDimension.CorruptionRobustness] - onCpu.MeasuredValues[QualityDimension.CorruptionRobustness]), 0, 0.03);
            }
        }
    }

    [CudaFact]
    public void Ssim_on_cuda_equals_cpu()
    {
        var (x, _) = Subsample.Stratified(Data.Value.Test, 40, 2).ToTensors();
        using (x)
        {
            using var noisy = (x + 0.1 * randn(x.shape, generator: new Generator(5))).clamp(0, 1);
            double cpu = Ssim.Mean(x, noisy), gpu = Ssim.Mean(x.cuda(), noisy.cuda());
            Assert.Equal(cpu, gpu, 5);
        }
    }
}
