using GapLab.Runtime;
using GapLab.Store;
using GapLab.Testbed;

namespace GapLab.Jobs;

/// <summary>
/// The testbed job (<c>gaplab testbed</c>, <c>#!gaplab testbed</c>): Huang et al.'s 3-D testbed. Its parameters are declared here once and
/// both front ends generate theirs from <see cref="Parameters"/>; <see cref="Config"/> and <see cref="RunOptions"/> build the request,
/// <see cref="Append"/> writes the cells to a result store.
/// </summary>
public static class TestbedJob
{
    /// <summary>Every parameter of the job, in the order the help lists them.</summary>
    public static IReadOnlyList<JobParameter> Parameters { get; } =
    [
        JobParameter.Text("--config", $"Built-in testbed ({string.Join(", ", BuiltInTestbeds.All.Select(c => c.Name))}), a testbed JSON file, " +
            "or in a notebook a C# variable holding a TestbedConfig.", BuiltInTestbeds.FashionMnist.Name) with { Suggestions = ConfigNames },
        JobParameter.Text("--data", "Dataset folder (CIFAR-100 binaries, full Fashion-MNIST IDX files); not needed for the embedded subset."),
        JobParameter.Text("--out", "Folder for testbed-cells.csv, testbed-marginals.csv, tradeoff.json and the SE_g tables.", "testbed"),
        JobParameters.Device,
        JobParameters.Threads,
        JobParameters.Seed with { Help = "Override the configuration's seed.", Default = null },
        JobParameter.Choice("--trade-off-method", TestbedConfig.TradeOffMethodHelp, ["grid", "reference"], null),
        JobParameters.Store,
    ];

    public static IEnumerable<string> ConfigNames() => BuiltInTestbeds.All.Select(c => c.Name);

    /// <summary>
    /// The validated configuration of one invocation: <c>--config</c> as a built-in name, then (in a notebook) a variable found by
    /// <paramref name="variable"/>, then a JSON file; <c>--seed</c> and <c>--trade-off-method</c> applied over it.
    /// </summary>
    public static TestbedConfig Config(IJobArguments args, Func<string, TestbedConfig?>? variable = null)
    {
        string name = args.Text("--config")!;
        var config = BuiltInTestbeds.All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? variable?.Invoke(name);
        if (config is null && variable is not null && !File.Exists(name) && !name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"--config '{name}' is not accepted; use one of: {string.Join(", ", ConfigNames())}, a TestbedConfig variable or a JSON file.");
        config ??= BuiltInTestbeds.Resolve(name);
        if (args.Integer("--seed") is long seed) config = config with { Seed = seed };
        return config.WithTradeOffMethod(args.Text("--trade-off-method")).Validate(config.Name);
    }

    /// <summary>Where and how the testbed runs; the output folder's parent must exist (checked before any work).</summary>
    public static (TestbedRunOptions Options, string OutDir) RunOptions(IJobArguments args, TestbedConfig config)
    {
        string outDir = args.Text("--out")!;
        if (Path.GetDirectoryName(Path.GetFullPath(outDir)) is { } parent && !Directory.Exists(parent))
            throw new ArgumentException($"--out '{outDir}': its folder '{parent}' does not exist.");
        var torch = new TorchSettings(args.Text("--device")!, (int)args.Integer("--threads")!.Value, config.Seed);
        return (new TestbedRunOptions { DataDir = args.Text("--data"), Torch = torch }, outDir);
    }

    /// <summary>Appends the testbed's cells to the result store in <paramref name="storeDir"/> as one session; returns the store's file.</summary>
    public static string Append(string storeDir, TestbedResult result, string? commandLine)
    {
        var p = result.Provenance;
        var session = StoreSession.Start("testbed", p.Runtime, commandLine, $"seed={result.Config.Seed}",
            [(p.Dataset + "/train", p.TrainFingerprint), (p.Dataset + "/test", p.TestFingerprint)]) with { StartedUtc = p.StartedUtc };
        var results = ResultStore.OpenOrCreate(storeDir);
        results.Append(session, result.Cells);
        return results.FilePath;
    }
}
