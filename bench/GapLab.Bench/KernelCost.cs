using GapLab.Data;
using GapLab.Models;
using GapLab.Runtime;
using GapLab.Runtime.SelfCheck;
using static TorchSharp.torch;

namespace GapLab.Bench;

/// <summary>
/// The speed cost of the kernel self-check's work-around (issue 10): forward + backward of one batch of a model under each
/// kernel configuration (<c>onednn</c>, libtorch's default, and <c>aten</c>, oneDNN off), taking turns in blocks of
/// <c>block</c> batches in one process so load from other processes hits both alike; reports median wall and CPU
/// milliseconds per batch and the paired (per-round) ratio aten/onednn. Only the timing counts here: on a CPU whose oneDNN
/// computes wrong input gradients the onednn gradients are wrong, which is why no optimizer step is taken (the weights
/// stay the same for both).
/// </summary>
public static class KernelCost
{
    public sealed record Configuration(string Name, double WallMsPerBatch, double CpuMsPerBatch, double WallRatio, double CpuRatio);
    public sealed record Result(string Model, string Data, int Batch, int Threads, int Rounds, int Block, string SelfCheck, IReadOnlyList<Configuration> Configurations);

    public static Result Measure(string model, string data, int batch, int threads, int rounds, int block)
    {
        TorchRuntime.EnsureLoaded();
        TorchEnvironment.Apply(new TorchSettings("cpu", threads, 0));
        var selfCheck = KernelSelfCheck.Last?.Summary ?? "not run";
        var train = BenchData.Train(data, 8 * batch);
        TorchEnvironment.Seed(0);
        using var built = ModelRegistry.Create(model.Contains(':') ? model : TrainStepFlops.Spec(model), InputShape.Of(train));
        var net = built.Module;
        net.train();
        var (x, y) = train.ToTensors();
        int batches = (int)(x.shape[0] / batch);

        void Batch(int b)
        {
            using var scope = NewDisposeScope();
            net.zero_grad(true);
            var xb = x.narrow(0, (long)b * batch, batch);
            var yb = y.narrow(0, (long)b * batch, batch);
            nn.functional.cross_entropy(net.forward(xb), yb).backward();
        }

        var configurations = KernelConfiguration.All;
        try
        {
            for (int w = 0; w < 2 * configurations.Count; w++) { configurations[w % configurations.Count].Apply(); Batch(w % batches); } // warm-up
            var timings = PairedBlocks.Run(configurations.Count, rounds, block, c => configurations[c].Apply(), (_, n) => Batch(n % batches));
            return new Result(model, data, batch, threads, rounds, block, selfCheck,
                configurations.Select((cf, c) => new Configuration(cf.Name, timings[c].WallMsPerStep, timings[c].CpuMsPerStep, timings[c].WallRatio, timings[c].CpuRatio)).ToList());
        }
        finally
        {
            if (KernelSelfCheck.Last is { } last) KernelConfiguration.Parse(last.Configuration).Apply(); // leave the process as the self-check set it
            x.Dispose();
            y.Dispose();
        }
    }
}
