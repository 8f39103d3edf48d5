using BenchmarkDotNet.Attributes;
using GapLab.Models;
using GapLab.Runtime;
using static TorchSharp.torch;

namespace GapLab.Bench;

/// <summary>BenchmarkDotNet figures of one SGD training step (forward, loss, backward, step) at batch 128, 2 threads.</summary>
public class TrainStepBenchmarks
{
    [Params("mlp", "smallcnn")]
    public string Model { get; set; } = "mlp";

    BuiltModel? built;
    optim.Optimizer? optimizer;
    Tensor? x, y;

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.EnsureLoaded();
        TorchEnvironment.Apply(new TorchSettings("cpu", 2, 0));
        var data = BenchData.Train("synthetic", 128);
        built = ModelRegistry.Create(TrainStepFlops.Spec(Model), InputShape.Of(data));
        optimizer = optim.SGD(built.Module.parameters(), 0.01, 0.9);
        (x, y) = data.ToTensors();
        built.Module.train();
    }

    [Benchmark]
    public float Step()
    {
        using var scope = NewDisposeScope();
        optimizer!.zero_grad();
        var loss = nn.functional.cross_entropy(built!.Module.forward(x!), y!);
        float value = loss.item<float>();
        loss.backward();
        optimizer.step();
        return value;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        optimizer?.Dispose();
        built?.Dispose();
        x?.Dispose();
        y?.Dispose();
    }
}

/// <summary>BenchmarkDotNet figure of a float32 n x n matrix product (2 threads).</summary>
public class GemmBenchmarks
{
    [Params(1024, 2048)]
    public int N { get; set; } = 1024;

    Tensor? a, b;

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.EnsureLoaded();
        TorchEnvironment.Apply(new TorchSettings("cpu", 2, 0));
        a = randn(N, N);
        b = randn(N, N);
    }

    [Benchmark]
    public void MatMul() => a!.mm(b!).Dispose();

    [GlobalCleanup]
    public void Cleanup()
    {
        a?.Dispose();
        b?.Dispose();
    }
}
