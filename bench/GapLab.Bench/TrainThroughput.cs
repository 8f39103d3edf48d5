using System.Diagnostics;
using GapLab.Models;
using GapLab.Runtime;
using GapLab.Training;

namespace GapLab.Bench;

/// <summary>
/// Times <see cref="Trainer.Train"/> itself: SGD (momentum 0.9) on <c>warmup + steps</c> batches of one epoch, the clock
/// running from the progress report after batch <c>warmup</c> to the one after the last batch, so it holds exactly
/// <c>steps</c> optimizer steps (wall and process CPU time) with the trainer's batch gathering, loss read-back and progress reporting, and leaves out
/// start-up, the first (allocating) steps and the final evaluation pass.
/// </summary>
public static class TrainThroughput
{
    public sealed record Result(string Impl, string Model, string Data, int Steps, int Batch, int Threads, double Seconds, double ImagesPerSecond, double GflopPerSecond, double CpuSeconds);

    public static Result Measure(string model, string data, int steps, int batch, int threads, int warmup)
    {
        TorchRuntime.EnsureLoaded();
        TorchEnvironment.Apply(new TorchSettings("cpu", threads, 0));
        var train = BenchData.Train(data, (warmup + steps) * batch);
        var test = BenchData.Test(data);
        TorchEnvironment.Seed(0);
        using var built = ModelRegistry.Create(TrainStepFlops.Spec(model), InputShape.Of(train));
        var options = new TrainOptions
        {
            Optimizer = "sgd", LearningRate = 0.01, Momentum = 0.9, BatchSize = batch, Epochs = 1, MaxSteps = warmup + steps,
            EvaluateEveryEpoch = false, GradientNoiseBatches = 0, Device = "cpu", Seed = 0,
        };
        var clock = Stopwatch.StartNew();
        double start = double.NaN, end = double.NaN, cpuStart = Cpu(), cpuEnd = double.NaN;
        var progress = new Inline(p =>
        {
            if (p.Phase != TrainPhase.Train) return;
            if (p.Batch == warmup) (start, cpuStart) = (clock.Elapsed.TotalSeconds, Cpu());
            if (p.Batch == warmup + steps) (end, cpuEnd) = (clock.Elapsed.TotalSeconds, Cpu());
        });
        using var result = Trainer.Train(built.Module, train, test, options, progress);
        if (result.Status != TrainStatus.Completed || double.IsNaN(end))
            throw new InvalidOperationException($"benchmark run did not finish its {warmup + steps} steps: {result.Status} {result.Message}");
        if (warmup == 0) start = 0; // no report before the first step: the clock started just before Train
        double seconds = end - start;
        return new Result("gaplab", model, data, steps, batch, threads, seconds, steps * batch / seconds,
            TrainStepFlops.PerStep(model, batch) * steps / seconds / 1e9, cpuEnd - cpuStart);
    }

    /// <summary>CPU time of this process (all threads), which a busy machine inflates far less than wall time.</summary>
    internal static double Cpu() => System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    sealed class Inline(Action<TrainProgress> action) : IProgress<TrainProgress>
    {
        public void Report(TrainProgress value) => action(value);
    }
}
