using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using GapLab.Bench;

// GapLab benchmark driver: each command prints one JSON line (snake_case) on stdout. See bench/README.md.
var json = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
string Opt(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
int Int(string name, int fallback)
{
    var text = Opt(name, fallback.ToString(CultureInfo.InvariantCulture));
    return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v >= 0
        ? v : throw new ArgumentException($"{name} must be a non-negative integer, got '{text}'.");
}

try
{
    switch (args.FirstOrDefault())
    {
        case "train":
            Console.WriteLine(JsonSerializer.Serialize(TrainThroughput.Measure(Opt("--model", "mlp"), Opt("--data", "synthetic"),
                Int("--steps", 50), Int("--batch", 128), Int("--threads", 2), Int("--warmup", 10)), json));
            return 0;
        case "kernels":
            Console.WriteLine(JsonSerializer.Serialize(KernelCost.Measure(Opt("--model", "cnn:blocks=2,bn=true,width=0.5"), Opt("--data", "fashion"),
                Int("--batch", 128), Int("--threads", 2), Int("--rounds", 10), Int("--block", 3)), json));
            return 0;
        case "gemm":
            Console.WriteLine(JsonSerializer.Serialize(GemmPeak.Measure(Int("--n", 2048), Int("--threads", 2), Int("--reps", 10)), json));
            return 0;
        case "profile":
            Console.WriteLine(JsonSerializer.Serialize(StepProfile.Measure(Opt("--model", "mlp"), Opt("--data", "synthetic"),
                Int("--batch", 128), Int("--threads", 2), Int("--rounds", 20), Int("--block", 5)), json));
            return 0;
        case "ssim":
            Console.WriteLine(JsonSerializer.Serialize(SsimThroughput.Measure(Opt("--out", "bench/out/data"), Int("--pairs", 2000), Int("--threads", 2), Int("--reps", 5)), json));
            return 0;
        case "measures":
            Console.WriteLine(JsonSerializer.Serialize(MeasuresTiming.MeasureWeightOnly(Opt("--model", "resnet:depth=20"), Int("--threads", 2), Int("--reps", 5), Opt("--measures", "")), json));
            return 0;
        case "search":
            Console.WriteLine(JsonSerializer.Serialize(MeasuresTiming.MeasureSearch(Opt("--model", "resnet:depth=20"), Opt("--measure", "PACBAYES_ORIG"),
                Int("--examples", 1000), Int("--draws", 5), Int("--depth", 8), Int("--threads", 2)), json));
            return 0;
        case "export":
            foreach (var f in ExportData.Write(Opt("--out", "bench/out/data"), Int("--count", 60 * 128))) Console.Error.WriteLine($"wrote {f}");
            return 0;
        case "fuzz":
            {
                var counts = ReaderFuzz.Run(Int("--inputs", 100_000), Int("--seed", 1), TimeSpan.FromSeconds(Int("--timeout-s", 10)),
                    (long)Int("--memory-mib", 2048) << 20, Console.Error, Opt("--readers", "") is { Length: > 0 } only ? only.Split(',') : null);
                Console.WriteLine(JsonSerializer.Serialize(counts, json));
                return counts.All(c => c.Crashes == 0 && c.Hangs == 0) ? 0 : 1;
            }
        case "micro":
            var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
                .WithOptions(ConfigOptions.DisableOptimizationsValidator);
            BenchmarkSwitcher.FromTypes([typeof(TrainStepBenchmarks), typeof(GemmBenchmarks)]).Run(args.Skip(1).ToArray(), config);
            return 0;
        default:
            Console.Error.WriteLine("""
                usage: dotnet run -c Release --project bench/GapLab.Bench -- COMMAND
                  train --model mlp|smallcnn --data synthetic|fashion [--steps 50] [--batch 128] [--threads 2] [--warmup 10]
                  kernels [--model SPEC|mlp|smallcnn] [--data fashion] [--batch 128] [--threads 2] [--rounds 10] [--block 3]   (onednn vs aten, paired)
                  gemm [--n 2048] [--threads 2] [--reps 10]
                  fuzz [--inputs 100000] [--seed 1] [--timeout-s 10] [--memory-mib 2048] [--readers a,b]   (every reader; exit 1 on a crash or hang)
                  profile --model mlp|smallcnn [--data synthetic] [--batch 128] [--threads 2] [--rounds 20] [--block 5]
                  ssim [--pairs 2000] [--threads 2] [--reps 5] [--out bench/out/data]   (writes the pairs for bench/peers/ssim_peer.py)
                  measures [--model resnet:depth=20] [--threads 2] [--reps 5] [--measures NAMES]  (default: all weight-only measures, one call)
                  search [--model resnet:depth=20] [--measure PACBAYES_ORIG] [--examples 1000] [--draws 5] [--depth 8] [--threads 2]
                  export [--out bench/out/data] [--count 7680]     (the same images for bench/peers/torch_train.py)
                  micro [BenchmarkDotNet arguments, e.g. --filter '*']
                """);
            return args.Length == 0 || args[0] is "help" or "--help" ? 0 : 2;
    }
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"gaplab-bench: {e.Message}");
    return 2;
}
