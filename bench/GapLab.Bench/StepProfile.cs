using GapLab.Models;
using GapLab.Runtime;
using static TorchSharp.torch;

namespace GapLab.Bench;

/// <summary>
/// Paired in-process comparison of variants of the trainer's step (src/GapLab.Core/Training/Trainer.cs): the variants take
/// turns in blocks of <c>block</c> steps on one model, so load from other processes hits them alike; reports the median
/// wall and CPU milliseconds per step of each and its ratio to the first variant, the trainer's step before the
/// benchmarks (<c>optimizer.zero_grad()</c>, index_select per batch, <c>loss.item()</c> per batch).
/// </summary>
public static class StepProfile
{
    public sealed record Variant(string Name, double WallMsPerStep, double CpuMsPerStep, double WallRatio, double CpuRatio);
    public sealed record Result(string Impl, string Model, string Data, int Batch, int Threads, int Rounds, int Block, IReadOnlyList<Variant> Variants);

    public static Result Measure(string model, string data, int batch, int threads, int rounds, int block)
    {
        TorchRuntime.EnsureLoaded();
        TorchEnvironment.Apply(new TorchSettings("cpu", threads, 0));
        var train = BenchData.Train(data, 20 * batch);
        TorchEnvironment.Seed(0);
        using var built = ModelRegistry.Create(TrainStepFlops.Spec(model), InputShape.Of(train));
        var net = built.Module;
        net.train();
        using var optimizer = optim.SGD(net.parameters(), 0.01, 0.9);
        var (x, y) = train.ToTensors();
        using var gen = new Generator(0, CPU);
        using var order = randperm(x.shape[0], generator: gen);
        using var shuffledX = x.index_select(0, order);
        using var shuffledY = y.index_select(0, order);
        int batches = (int)(x.shape[0] / batch);

        double Step(int b, bool setToNone, bool readLoss, bool preShuffled)
        {
            using var scope = NewDisposeScope();
            Tensor xb, yb;
            if (preShuffled) { xb = shuffledX.narrow(0, (long)b * batch, batch); yb = shuffledY.narrow(0, (long)b * batch, batch); }
            else
            {
                var idx = order.narrow(0, (long)b * batch, batch);
                xb = x.index_select(0, idx);
                yb = y.index_select(0, idx);
            }
            if (setToNone) net.zero_grad(true); else optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(net.forward(xb), yb);
            double v = readLoss ? loss.item<float>() : 0;
            loss.backward();
            optimizer.step();
            return v;
        }

        var variants = new (string Name, Func<int, double> Step)[]
        {
            ("before: optimizer.zero_grad()", b => Step(b, false, true, false)),
            ("zero_grad(set_to_none) (trainer now)", b => Step(b, true, true, false)),
            ("no loss.item()", b => Step(b, false, false, false)),
            ("pre-shuffled copy + narrow", b => Step(b, false, true, true)),
        };
        for (int w = 0; w < 10; w++) variants[w % variants.Length].Step(w % batches); // warm-up
        var timings = PairedBlocks.Run(variants.Length, rounds, block, _ => { }, (v, n) => variants[v].Step(n % batches));
        var result = variants.Select((vr, v) => new Variant(vr.Name, timings[v].WallMsPerStep, timings[v].CpuMsPerStep, timings[v].WallRatio, timings[v].CpuRatio)).ToList();
        x.Dispose();
        y.Dispose();
        return new Result("gaplab", model, data, batch, threads, rounds, block, result);
    }
}
