using GapLab.Data;
using GapLab.Runtime;
using GapLab.Suites;

namespace GapLab.Jobs;

/// <summary>
/// The run job (<c>gaplab run</c>, <c>#!gaplab run</c>): trains a suite of models into a result store. Its parameters are declared here
/// once and both front ends generate theirs from <see cref="Parameters"/>; <see cref="Request"/> builds the suite and the runner's options
/// (<see cref="SuiteRunner.Run"/> is the run).
/// </summary>
public static class RunJob
{
    public static IReadOnlyList<JobParameter> Parameters { get; } =
    [
        JobParameter.Text("--suite", $"Built-in suite ({string.Join(", ", SuiteNames())}) or a suite JSON file.", "default") with { Suggestions = SuiteNames },
        JobParameter.Integer("--epochs", "Override every run's epoch count.", null, 1, 100_000),
        JobParameter.Text("--data", "Dataset folder (Fashion-MNIST/MNIST IDX files, CIFAR binaries); default: the embedded subset or the Debian package path."),
        JobParameter.Text("--dataset", $"Dataset name ({string.Join(", ", DatasetCatalog.Names.Select(e => e.Name))}); overrides the suite's.")
            with { Suggestions = () => DatasetCatalog.Names.Select(e => e.Name) },
        JobParameters.Device,
        JobParameters.Threads,
        JobParameters.Seed with { Help = "Offset added to every run's seed." },
        JobParameter.Text("--out", "Output folder: the result store gaplab.duckdb, its runs.csv/epochs.csv exports and the weights.", "runs"),
        JobParameter.Flag("--fresh", "Do not skip runs already recorded in --out (gaplab.duckdb); retrained runs replace their store rows."),
        JobParameter.Flag("--no-weights", "Do not save each model's final and initial weights."),
        JobParameter.Text("--shard", "Run only shard i of N (1-based, e.g. 2/8) in OUT/shard-i-of-N; join the shards with 'gaplab merge --runs OUT'."),
    ];

    public static IEnumerable<string> SuiteNames() => BuiltInSuites.All.Select(s => s.Name);

    /// <summary>The suite and the runner's options of one invocation, validated (a bad suite, shard or dataset fails here, before any work).</summary>
    public static (SuiteSpec Suite, SuiteRunOptions Options) Request(IJobArguments args, string? commandLine)
    {
        var suite = BuiltInSuites.Resolve(args.Text("--suite")!);
        int seed = (int)args.Integer("--seed")!.Value;
        var options = new SuiteRunOptions
        {
            DataDir = args.Text("--data"),
            DatasetOverride = args.Text("--dataset"),
            Torch = new TorchSettings(args.Text("--device")!, (int)args.Integer("--threads")!.Value, seed),
            SeedOffset = seed,
            EpochsOverride = args.Integer("--epochs") is long e ? (int)e : null,
            OutDir = args.Text("--out")!,
            Resume = !args.Flag("--fresh"),
            SaveWeights = !args.Flag("--no-weights"),
            Shard = args.Text("--shard") is { } shard ? SuiteShard.Parse(shard) : null,
            CommandLine = commandLine,
        };
        return (suite, options);
    }
}
